"use client";

import Link from "next/link";
import { useState } from "react";
import { Send } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { buttonVariants } from "@/components/ui/button";
import { FormControl, FormField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/components/hooks/use-action-form";
import { eventTypes, type EventType } from "@/lib/events/types";
import { sendTestEventAction } from "@/lib/test-events/actions";

type Props = {
  connectorId: string;
  programs: { id: string; name: string }[];
  /** Pretty-printed `{ member, data }` example per event type. */
  examples: Record<EventType, string>;
  /** Why the button is disabled (role, no URL, no program), if it is. */
  disabledReason?: string;
};

export function SendTestEventDialog({ connectorId, programs, examples, disabledReason }: Props) {
  const [type, setType] = useState<EventType>("points.earned");
  const [programId, setProgramId] = useState(programs[0]?.id ?? "");
  const [payload, setPayload] = useState(examples["points.earned"]);
  const action = useActionForm();
  const { errors } = action;
  const [sent, setSent] = useState<{ deliveryId: string | null } | null>(null);

  async function send() {
    try {
      JSON.parse(payload);
    } catch {
      action.setErrors({ payload: ["Not valid JSON. Check quotes and commas."] });
      return;
    }
    const result = await action.run(() => sendTestEventAction({ connectorId, programId, type, payload }), { success: "Test event sent" });
    if (result.ok) setSent({ deliveryId: result.data.deliveryId });
  }

  return (
    <ActionFormDialog
      trigger={{ icon: Send, variant: "outline" }}
      disabledReason={disabledReason}
      onClose={() => setSent(null)}
      className="sm:max-w-2xl"
      title="Send test event"
      description={
        <>
          Goes to this connector only, marked <code className="font-mono">&quot;test&quot;: true</code>, through the same signing and retries
          as real events.
        </>
      }
      onSubmit={send}
      submitLabel={
        <>
          <Send className="size-4" aria-hidden /> Send
        </>
      }
      action={action}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Event type" id="test-event-type" error={errors.type}>
          <FormControl>
            <NativeSelect
              value={type}
              onChange={(e) => {
                const next = e.target.value as EventType;
                setType(next);
                setPayload(examples[next]);
                action.reset();
              }}
            >
              <NativeSelectOptions items={eventTypes} value={(t) => t.id} label={(t) => t.label} />
            </NativeSelect>
          </FormControl>
        </FormField>
        <FormField label="Program" id="test-event-program" error={errors.programId}>
          <FormControl>
            <NativeSelect value={programId} onChange={(e) => setProgramId(e.target.value)}>
              <NativeSelectOptions items={programs} value={(p) => p.id} label={(p) => p.name} />
            </NativeSelect>
          </FormControl>
        </FormField>
      </div>
      <FormField label="Body" id="test-event-payload" error={errors.payload} description="The member and data of the event, as JSON.">
        <FormControl>
          <Textarea value={payload} onChange={(e) => setPayload(e.target.value)} rows={14} spellCheck={false} className="font-mono text-xs" />
        </FormControl>
      </FormField>
      {sent ? (
        <p role="status" className="rounded-md border border-success/40 bg-success/10 p-3 text-sm">
          Sent.{" "}
          {sent.deliveryId ? (
            <Link href={`/testing/event-logs/${sent.deliveryId}`} className={buttonVariants({ variant: "link", size: "sm" })}>
              Open its log entry
            </Link>
          ) : (
            "No delivery was planned: the connector has no notification URL."
          )}
        </p>
      ) : null}
    </ActionFormDialog>
  );
}
