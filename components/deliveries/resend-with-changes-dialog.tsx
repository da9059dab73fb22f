"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Loader2, PencilLine, Send } from "lucide-react";
import { useActionForm } from "@/components/hooks/use-action-form";
import { Button } from "@/components/ui/button";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { DialogClose } from "@/components/ui/dialog";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { resendWithChangesAction } from "@/lib/delivery/logs/resend-actions";
import { compactJson } from "@/lib/delivery/logs/resend-schemas";

type Props = {
  deliveryId: string;
  /** The original request's body, pretty-printed: where editing starts. */
  body: string;
  /** The connector's notification URL (empty when it has none). */
  url: string;
  disabledReason?: string;
};

/** The fields this form shows; an error for any other (the delivery id) is a toast. */
const FIELDS = ["url", "body"] as const;

/**
 * "Resend with changes": edit the body and/or the URL and send it once, signed anew. Admins only
 * (the page does not render it for others). The result lands in the page's "Edited resends" list.
 */
export function ResendWithChangesDialog({ deliveryId, body: originalBody, url: originalUrl, disabledReason }: Props) {
  const router = useRouter();
  const [url, setUrl] = useState(originalUrl);
  const [body, setBody] = useState(originalBody);
  const action = useActionForm(FIELDS);
  const { errors } = action;

  function restart() {
    setUrl(originalUrl);
    setBody(originalBody);
    action.reset();
  }

  async function send(_form: HTMLFormElement, dialog: { close: () => void }) {
    // The server checks the same; this only answers without a round trip.
    if (compactJson(body) === null) {
      action.setErrors({ body: ["Not valid JSON. Check quotes and commas."] });
      return;
    }
    const result = await action.run(() => resendWithChangesAction({ deliveryId, url, body }));
    if (!result.ok) return;
    dialog.close();
    router.refresh();
    const status = result.data.status != null ? `HTTP ${result.data.status}` : "no response";
    // Bottom right: the top-right toasts would sit over the page's own buttons.
    const position = "bottom-right" as const;
    if (result.data.success) toast.success(`Resent with changes: the receiver accepted it (${status}).`, { position });
    else toast.warning(`Resent with changes: the receiver did not accept it (${status}). See Edited resends.`, { position });
  }

  return (
    <ActionFormDialog
      trigger={{ icon: PencilLine, variant: "outline" }}
      disabledReason={disabledReason}
      onClose={restart}
      className="sm:max-w-3xl"
      title="Resend with changes"
      description={
        <>
          Sends this request once more, with your edits, signed anew with the connector&apos;s secret and headers. It is logged as an edited
          resend; the delivery itself, its attempts and retries stay as they are.
        </>
      }
      onSubmit={send}
      submitLabel={
        <>
          {action.pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : <Send className="size-4" aria-hidden />}
          {action.pending ? "Sending…" : "Send"}
        </>
      }
      action={action}
      secondaryActions={
        <>
          <Button type="button" variant="ghost" disabled={action.pending} onClick={restart}>
            Reset to original
          </Button>
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={action.pending}>
              Cancel
            </Button>
          </DialogClose>
        </>
      }
    >
      <InputField
        label="URL"
        id="resend-url"
        error={errors.url}
        description="The connector's notification URL; point it elsewhere to try another receiver. The connector's auth header goes with it."
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        className="font-mono text-xs"
      />
      <FormField label="Body" id="resend-body" error={errors.body} description="JSON, sent compacted as every delivery is (at most 256 KiB).">
        <FormControl>
          <Textarea value={body} onChange={(e) => setBody(e.target.value)} rows={18} spellCheck={false} className="font-mono text-xs" />
        </FormControl>
      </FormField>
    </ActionFormDialog>
  );
}
