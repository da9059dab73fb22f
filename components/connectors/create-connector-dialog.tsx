"use client";

import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { InputField } from "@/components/ui/form-field";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createConnectorAction } from "@/lib/connectors/actions";

export function CreateConnectorDialog({ disabledReason }: { disabledReason?: string }) {
  const router = useRouter();
  const action = useActionForm();
  const { errors } = action;

  async function submit(form: HTMLFormElement) {
    const result = await action.run(() => createConnectorAction({ name: new FormData(form).get("name") }), {
      success: (connector) => `Created ${connector.name}. Add its notification URL next.`,
    });
    if (result.ok) router.push(`/integrations/connectors/${result.data.id}`);
  }

  return (
    <ActionFormDialog
      trigger={{ icon: Plus }}
      disabledReason={disabledReason}
      title="Set up an integration"
      description="Name the tool that will receive events, such as your CRM. You add its URL and secret on the next page."
      onSubmit={submit}
      submitLabel="Continue"
      action={action}
    >
      <InputField label="Name" id="new-connector-name" error={errors.name} name="name" autoComplete="off" maxLength={100} autoFocus />
    </ActionFormDialog>
  );
}
