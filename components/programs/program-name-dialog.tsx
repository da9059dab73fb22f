"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Pencil, Plus } from "lucide-react";
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
import { createProgramAction, renameProgramAction } from "@/lib/programs/actions";
import { WithReason } from "@/components/ui/with-reason";

type Props =
  | { mode: "create"; disabledReason?: string }
  | { mode: "rename"; program: { id: string; name: string }; disabledReason?: string; size?: "sm" | "default" };

/** "New program" and "Rename": one field, Name, the same rules on both. */
export function ProgramNameDialog(props: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { pending, errors, run, reset } = useActionForm();
  const creating = props.mode === "create";

  async function submit(form: HTMLFormElement) {
    const name = new FormData(form).get("name");
    const result = await run(() => (creating ? createProgramAction({ name }) : renameProgramAction({ id: props.program.id, name })));
    if (!result.ok) return;
    toast.success(result.message ?? "Saved.");
    setOpen(false);
    // A new program's next step is its API keys.
    if (result.data) router.push(`/settings/programs/${result.data.id}`);
  }

  const trigger = creating ? (
    <Button disabled={!!props.disabledReason}>
      <Plus aria-hidden /> New program
    </Button>
  ) : (
    <Button
      variant="outline"
      size={props.size ?? "sm"}
      disabled={!!props.disabledReason}
      aria-label={`Rename ${props.program.name}`}
    >
      <Pencil aria-hidden /> Rename
    </Button>
  );

  if (props.disabledReason) return <WithReason reason={props.disabledReason}>{trigger}</WithReason>;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{creating ? "New program" : "Rename program"}</DialogTitle>
          <DialogDescription>
            {creating
              ? "A loyalty program whose member events this hub pushes. It gets its own API keys and push rules."
              : "The name shows in push rules, event logs and webhook payloads."}
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
          <FormField label="Name" htmlFor="program-name" error={errors.name ?? errors.id} description="Up to 100 characters, unique.">
            <Input
              name="name"
              autoComplete="off"
              defaultValue={creating ? "" : props.program.name}
              {...fieldAria("program-name", errors.name ?? errors.id, true)}
            />
          </FormField>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {creating ? "Create program" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
