"use client";

import { useState } from "react";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { useFormContext, useFormState, useWatch } from "react-hook-form";
import { useAction } from "@/components/hooks/use-action-form";
import { Button } from "@/components/ui/button";
import { InputField } from "@/components/ui/form-field";
import { createInboxAction } from "@/lib/test-inbox/actions";
import type { GlobalValues } from "./values";

/**
 * "Use a test inbox": fills Notification URL with this connector's hub-hosted inbox (made on first
 * use) and leaves saving to the admin, like any other edit of the field.
 */
function UseTestInbox({ connectorId }: { connectorId: string }) {
  const { setValue, control } = useFormContext<GlobalValues>();
  const { run, pending } = useAction();
  const [inboxUrl, setInboxUrl] = useState<string | null>(null);
  const url = useWatch({ control, name: "notificationUrl" });
  const { dirtyFields } = useFormState({ control, name: "notificationUrl" });
  // "Press Save" holds only while the field still has the unsaved inbox URL: a save resets the
  // form (the field is no longer dirty) and another URL typed in is not the inbox.
  const awaitingSave = inboxUrl !== null && url === inboxUrl && !!dirtyFields.notificationUrl;

  async function use() {
    const result = await run(() => createInboxAction({ connectorId }));
    if (!result.ok) return;
    setValue("notificationUrl", result.data.url, { shouldDirty: true, shouldValidate: true });
    setInboxUrl(result.data.url);
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="outline" size="sm" onClick={use} disabled={pending}>
        <Inbox aria-hidden /> Use a test inbox
      </Button>
      <p role="status" className="text-xs text-muted-foreground">
        {awaitingSave ? (
          <>
            Test inbox URL filled in. Press <strong>Save</strong> to send this connector&apos;s webhooks there; they show under{" "}
            <Link href="/testing/inbox" className="underline underline-offset-2">
              Testing → Inbox
            </Link>
            .
          </>
        ) : (
          "No receiver yet? The hub can capture this connector's requests itself."
        )}
      </p>
    </div>
  );
}

/** Where events go. `testInbox`: offer the hub's own test inbox (an admin, with the inbox on). */
export function EndpointSection({ readOnly, testInbox }: { readOnly: boolean; testInbox?: { connectorId: string } }) {
  const { register, formState } = useFormContext<GlobalValues>();
  return (
    <div className="grid gap-2">
      <InputField
        label="Notification URL"
        id="connector-url"
        error={formState.errors.notificationUrl?.message}
        description="Where events are POSTed: an http:// or https:// URL without a user name or password."
        type="url"
        inputMode="url"
        {...register("notificationUrl")}
        disabled={readOnly}
        placeholder="https://example.com/webhooks/loyalty"
        autoComplete="off"
        className="font-mono text-xs"
      />
      {testInbox && !readOnly ? <UseTestInbox connectorId={testInbox.connectorId} /> : null}
    </div>
  );
}
