"use client";

import { useRef, useState } from "react";
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/components/hooks/use-action-form";
import { createApiKeyAction } from "@/lib/api-keys/actions";

type Created = { key: string; prefix: string; label: string };

export function CreateApiKeyForm({ programId }: { programId: string }) {
  const { pending, errors, run } = useActionForm(["label"]);
  const [created, setCreated] = useState<Created | null>(null);

  async function submit(form: HTMLFormElement) {
    const result = await run(() => createApiKeyAction({ programId, label: new FormData(form).get("label") }));
    if (!result.ok) return;
    form.reset();
    setCreated(result.data);
  }

  return (
    <>
      <form
        className="flex flex-wrap items-start gap-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(e.currentTarget);
        }}
      >
        <InputField
          label="Label"
          id="api-key-label"
          error={errors.label}
          fieldClassName="w-72"
          name="label"
          autoComplete="off"
          placeholder="e.g. Production backend"
        />
        <Button type="submit" disabled={pending} className="mt-[1.375rem]">
          Create API key
        </Button>
      </form>
      {/* Closing drops the key from memory: it is never fetched again. */}
      <NewKeyDialog key={created?.key ?? "none"} created={created} onClose={() => setCreated(null)} />
    </>
  );
}

function NewKeyDialog({ created, onClose }: { created: Created | null; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);

  return (
    <Dialog
      open={!!created}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      {/* A stray click outside must not throw away a key that cannot be shown again. */}
      <DialogContent onInteractOutside={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>API key created</DialogTitle>
          <DialogDescription>
            {created ? `“${created.label}” can now send this program's events to POST /api/v1/events.` : null}
          </DialogDescription>
        </DialogHeader>
        <p className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 p-3 text-sm" role="note">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          Copy this key now and store it somewhere safe. It won&apos;t be shown again.
        </p>
        <FormField label="API key" id="new-api-key">
          <div className="flex gap-2">
            <FormControl>
              <Input
                ref={input}
                readOnly
                value={created?.key ?? ""}
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
            </FormControl>
            {/* Without clipboard access (permissions, insecure origin) the key is left selected for Ctrl+C. */}
            <CopyButton
              size="default"
              text={created?.key ?? ""}
              failureMessage="Copy failed: the key is selected, press Ctrl+C (or ⌘C) to copy it."
              onFailure={() => input.current?.select()}
            >
              Copy
            </CopyButton>
          </div>
        </FormField>
        <DialogFooter>
          <Button type="button" onClick={onClose}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
