"use client";

import { UserPlus } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/native-select";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createUserAction } from "@/lib/users/actions";

export function CreateUserDialog() {
  const action = useActionForm();
  const { errors } = action;

  async function submit(form: HTMLFormElement, dialog: { close: () => void }) {
    const data = new FormData(form);
    const result = await action.run(
      () => createUserAction({ name: data.get("name"), email: data.get("email"), role: data.get("role"), password: data.get("password") }),
      { success: `Added ${String(data.get("email"))}` },
    );
    if (result.ok) dialog.close();
  }

  return (
    <ActionFormDialog
      trigger={{ icon: UserPlus, label: "Add user" }}
      title="Add a user"
      description="They sign in with this email and initial password. Share the password with them privately."
      onSubmit={submit}
      submitLabel="Create user"
      action={action}
    >
      <InputField label="Name" id="user-name" error={errors.name} name="name" autoComplete="off" />
      <InputField label="Email" id="user-email" error={errors.email} name="email" type="email" autoComplete="off" />
      <FormField label="Role" id="user-role" error={errors.role}>
        <FormControl>
          <NativeSelect name="role" defaultValue="marketer">
            <option value="marketer">Marketer: browse connectors and event logs</option>
            <option value="admin">Admin: full access</option>
          </NativeSelect>
        </FormControl>
      </FormField>
      <InputField
        label="Initial password"
        id="user-password"
        error={errors.password}
        description="At least 10 characters."
        name="password"
        type="password"
        autoComplete="new-password"
      />
    </ActionFormDialog>
  );
}
