"use client";

import { useState } from "react";
import { useFormContext } from "react-hook-form";
import { Eye, EyeOff, RefreshCw, Sparkles } from "lucide-react";
import { ActionFormDialog } from "@/components/ui/action-form-dialog";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OneTimeValue } from "@/components/ui/one-time-value";
import { WithReason } from "@/components/ui/with-reason";
import { useAction, useActionForm } from "@/components/hooks/use-action-form";
import { revealSecretAction, rotateSecretAction } from "@/lib/connectors/actions";
import type { ConnectorView } from "@/lib/connectors/queries";
import { DEFAULT_OVERLAP_HOURS } from "@/lib/connectors/schemas";
import { generateWebhookSecret } from "@/lib/connectors/secrets";
import { formatDateTime } from "@/lib/format";
import type { GlobalValues } from "./editor/values";

const ID = "connector-secret";

function RotateDialog({ connectorId, onRotated }: { connectorId: string; onRotated: () => void }) {
  const [rotated, setRotated] = useState<{ secret: string; until: Date } | null>(null);
  const action = useActionForm(["overlapHours"]);
  const { errors } = action;

  async function rotate(form: HTMLFormElement) {
    const overlapHours = new FormData(form).get("overlapHours");
    const result = await action.run(() => rotateSecretAction({ connectorId, overlapHours }), { success: "Secret rotated." });
    if (!result.ok) return;
    setRotated({ secret: result.data.secret, until: result.data.previousSecretExpiresAt });
    onRotated();
  }

  return (
    <ActionFormDialog
      trigger={{ icon: RefreshCw, label: "Rotate", variant: "outline", size: "sm", className: "h-9" }}
      onClose={() => setRotated(null)}
      title="Rotate webhook secret"
      description="A new secret signs every delivery from now on. During the overlap, deliveries also carry a signature made with the previous secret, so the receiver can switch without rejecting any."
      onSubmit={rotate}
      submitLabel="Rotate secret"
      action={action}
      outcome={
        rotated ? (
          <OneTimeValue
            label="New webhook secret"
            id="rotated-secret"
            value={rotated.secret}
            description={`The previous secret stays valid until ${formatDateTime(rotated.until)}.`}
          />
        ) : undefined
      }
    >
      <InputField
        label="Overlap (hours)"
        id="rotate-overlap"
        error={errors.overlapHours}
        description="How long the previous secret stays valid: 1 to 168 hours."
        name="overlapHours"
        type="number"
        min={1}
        max={168}
        defaultValue={DEFAULT_OVERLAP_HOURS}
      />
    </ActionFormDialog>
  );
}

type Props = {
  view: ConnectorView;
  canSeeSecrets: boolean;
  writeDenied?: string;
  /** Whether a stored secret is being replaced by a newly typed one (the form's `secret`). */
  replacing: boolean;
  onReplacingChange: (replacing: boolean) => void;
};

/**
 * A stored secret is shown masked, with Reveal, Rotate and Replace; a new one is typed or
 * generated into the form's `secret`. Marketers never receive the value, the hint or a way to ask for them.
 */
export function SecretField({ view, canSeeSecrets, writeDenied, replacing, onReplacingChange }: Props) {
  const { register, setValue, formState } = useFormContext<GlobalValues>();
  const error = formState.errors.secret?.message;
  const [revealed, setRevealed] = useState<string | null>(null);
  const { pending, run } = useAction();
  const editing = !writeDenied && (!view.secret.set || replacing);
  const overlap = view.secret.previousExpiresAt
    ? `The previous secret is still accepted until ${formatDateTime(view.secret.previousExpiresAt)}.`
    : null;
  const description = editing
    ? "At least 16 characters. Generate gives a whsec_ secret that also works with Standard Webhooks."
    : writeDenied
      ? "Set. The value is hidden from your role."
      : [overlap, "Signs each request: X-Qualifio-Signature is the HMAC-SHA256 of the body."].filter(Boolean).join(" ");
  const setSecret = (secret: string) => setValue("secret", secret, { shouldDirty: true, shouldValidate: formState.isSubmitted });

  async function reveal() {
    if (revealed) return setRevealed(null);
    const result = await run(() => revealSecretAction({ connectorId: view.id }));
    if (result.ok) setRevealed(result.data.secret);
  }

  if (editing) {
    return (
      <FormField label="Webhook secret" id={ID} error={error} description={description}>
        <div className="flex gap-2">
          <FormControl>
            <Input
              {...register("secret")}
              autoComplete="off"
              spellCheck={false}
              className="font-mono text-xs"
              placeholder={view.secret.set ? "Type or generate the replacement" : "Type or generate a secret"}
            />
          </FormControl>
          <Button variant="outline" onClick={() => setSecret(generateWebhookSecret())}>
            <Sparkles className="size-4" aria-hidden /> Generate
          </Button>
          {view.secret.set ? (
            <Button
              variant="ghost"
              onClick={() => {
                setSecret("");
                onReplacingChange(false);
              }}
            >
              Keep current
            </Button>
          ) : null}
        </div>
      </FormField>
    );
  }

  const masked = view.secret.set
    ? canSeeSecrets && view.secret.hint
      ? view.secret.hint.replace("…", "••••••••••••")
      : "••••••••••••"
    : "";
  return (
    <FormField label="Webhook secret" id={ID} error={error} description={view.secret.set ? description : undefined}>
      <div className="flex flex-wrap gap-2">
        <FormControl>
          <Input
            readOnly
            disabled={!!writeDenied}
            value={revealed ?? masked}
            placeholder={view.secret.set ? undefined : "Not set"}
            className="min-w-64 flex-1 font-mono text-xs"
          />
        </FormControl>
        {canSeeSecrets && view.secret.set ? (
          <>
            <Button variant="outline" size="sm" className="h-9" disabled={pending} onClick={() => void reveal()}>
              {revealed ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
              {revealed ? "Hide" : "Reveal"}
            </Button>
            {revealed ? (
              <CopyButton text={revealed} className="h-9">
                Copy
              </CopyButton>
            ) : null}
          </>
        ) : null}
        {writeDenied ? null : (
          <>
            <RotateDialog connectorId={view.id} onRotated={() => setRevealed(null)} />
            <Button
              variant="outline"
              size="sm"
              className="h-9"
              onClick={() => {
                setRevealed(null);
                onReplacingChange(true);
              }}
            >
              Replace
            </Button>
          </>
        )}
        {writeDenied && view.secret.set ? (
          <WithReason reason={writeDenied}>
            <Button variant="outline" size="sm" className="h-9" disabled>
              <Eye className="size-3.5" aria-hidden /> Reveal
            </Button>
          </WithReason>
        ) : null}
      </div>
    </FormField>
  );
}
