"use client";

import { useState } from "react";
import { Plus } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { InputField } from "@/components/ui/form-field";
import { OneTimeValue } from "@/components/ui/one-time-value";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createApiKeyAction } from "@/lib/api-keys/actions";

type Created = { key: string; prefix: string; label: string };

/** "Create API key": a dialog asks for its label, then shows the key once. */
export function CreateApiKeyDialog({ programId }: { programId: string }) {
  const action = useActionForm(["label"]);
  const { errors } = action;
  const [created, setCreated] = useState<Created | null>(null);

  async function submit(form: HTMLFormElement) {
    const result = await action.run(() => createApiKeyAction({ programId, label: new FormData(form).get("label") }));
    if (result.ok) setCreated(result.data);
  }

  return (
    <ActionFormDialog
      trigger={{ icon: Plus, label: "Create API key", className: "justify-self-start" }}
      // Closing drops the key from memory: it is never fetched again.
      onClose={() => setCreated(null)}
      title={created ? "API key created" : "Create API key"}
      description={
        created
          ? `“${created.label}” can now send this program's events to POST /api/v1/events.`
          : "One key per backend that sends this program's member events, so each can be revoked on its own."
      }
      onSubmit={submit}
      submitLabel="Create API key"
      action={action}
      outcome={
        created ? (
          <OneTimeValue
            label="API key"
            id="new-api-key"
            value={created.key}
            warning="Copy this key now and store it somewhere safe. It won't be shown again."
          />
        ) : undefined
      }
    >
      <InputField label="Label" id="api-key-label" error={errors.label} name="label" autoComplete="off" placeholder="e.g. Production backend" />
    </ActionFormDialog>
  );
}
