"use client";

import { useRouter } from "next/navigation";
import { Pencil, Plus } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { InputField } from "@/components/ui/form-field";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createProgramAction, renameProgramAction } from "@/lib/programs/actions";

type Props =
  | { mode: "create"; disabledReason?: string }
  | { mode: "rename"; program: { id: string; name: string }; disabledReason?: string; size?: "sm" | "default" };

/** "New program" and "Rename": one field, Name, the same rules on both. */
export function ProgramNameDialog(props: Props) {
  const router = useRouter();
  const action = useActionForm();
  const { errors } = action;
  const creating = props.mode === "create";

  async function submit(form: HTMLFormElement, dialog: { close: () => void }) {
    const name = new FormData(form).get("name");
    const result = await action.run(() => (creating ? createProgramAction({ name }) : renameProgramAction({ id: props.program.id, name })), {
      success: (_, message) => message ?? "Saved.",
    });
    if (!result.ok) return;
    dialog.close();
    // A new program's next step is its API keys; a renamed one stays where it was renamed (list or page).
    if (creating) router.push(`/settings/programs/${result.data.id}`);
  }

  return (
    <ActionFormDialog
      trigger={
        creating
          ? { icon: Plus }
          : { icon: Pencil, label: "Rename", variant: "outline", size: props.size ?? "sm", "aria-label": `Rename ${props.program.name}` }
      }
      disabledReason={props.disabledReason}
      title={creating ? "New program" : "Rename program"}
      description={
        creating
          ? "A loyalty program whose member events this hub pushes. It gets its own API keys and push rules."
          : "The name shows in push rules, event logs and webhook payloads."
      }
      onSubmit={submit}
      submitLabel={creating ? "Create program" : "Save"}
      action={action}
    >
      <InputField
        label="Name"
        id="program-name"
        error={errors.name ?? errors.id}
        description="Up to 100 characters, unique."
        name="name"
        autoComplete="off"
        defaultValue={creating ? "" : props.program.name}
      />
    </ActionFormDialog>
  );
}
