"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
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
import { toast } from "@/components/ui/toast";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createConnectorAction } from "@/lib/connectors/actions";
import { WithReason } from "@/components/ui/with-reason";

export function CreateConnectorDialog({ disabledReason }: { disabledReason?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { pending, errors, run, reset } = useActionForm();

  async function submit(form: HTMLFormElement) {
    const result = await run(() => createConnectorAction({ name: new FormData(form).get("name") }));
    if (result.ok) {
      toast.success(`Created ${result.data.name}. Add its notification URL next.`);
      router.push(`/integrations/connectors/${result.data.id}`);
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
      <WithReason reason={disabledReason}>
        <DialogTrigger asChild>
          <Button disabled={!!disabledReason}>
            <Plus className="size-4" aria-hidden /> Set up an integration
          </Button>
        </DialogTrigger>
      </WithReason>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Set up an integration</DialogTitle>
          <DialogDescription>
            Name the tool that will receive events, such as your CRM. You add its URL and secret on the next page.
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
          <FormField label="Name" htmlFor="new-connector-name" error={errors.name}>
            <Input name="name" autoComplete="off" maxLength={100} autoFocus {...fieldAria("new-connector-name", errors.name)} />
          </FormField>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              Continue
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
