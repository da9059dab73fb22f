"use client";

import { useState } from "react";
import { UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField, fieldAria } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createUserAction } from "@/lib/users/actions";

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const { pending, errors, run, reset } = useActionForm();

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const result = await run(() =>
      createUserAction({ name: data.get("name"), email: data.get("email"), role: data.get("role"), password: data.get("password") }),
    );
    if (result.ok) {
      toast.success(`Added ${String(data.get("email"))}`);
      setOpen(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus className="size-4" aria-hidden /> Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a user</DialogTitle>
          <DialogDescription>
            They sign in with this email and initial password. Share the password with them privately.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <FormField label="Name" htmlFor="user-name" error={errors.name}>
            <Input name="name" autoComplete="off" {...fieldAria("user-name", errors.name)} />
          </FormField>
          <FormField label="Email" htmlFor="user-email" error={errors.email}>
            <Input name="email" type="email" autoComplete="off" {...fieldAria("user-email", errors.email)} />
          </FormField>
          <FormField label="Role" htmlFor="user-role" error={errors.role}>
            <NativeSelect name="role" defaultValue="marketer" {...fieldAria("user-role", errors.role)}>
              <option value="marketer">Marketer: browse connectors and event logs</option>
              <option value="admin">Admin: full access</option>
            </NativeSelect>
          </FormField>
          <FormField label="Initial password" htmlFor="user-password" error={errors.password} description="At least 10 characters.">
            <Input name="password" type="password" autoComplete="new-password" {...fieldAria("user-password", errors.password, true)} />
          </FormField>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
