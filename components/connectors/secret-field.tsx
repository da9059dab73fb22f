"use client";

import { useState, useTransition } from "react";
import { Eye, EyeOff, RefreshCw, Sparkles } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
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
import { revealSecretAction, rotateSecretAction } from "@/lib/connectors/actions";
import type { ConnectorView } from "@/lib/connectors/queries";
import { DEFAULT_OVERLAP_HOURS } from "@/lib/connectors/schemas";
import { generateWebhookSecret } from "@/lib/connectors/secrets";
import type { FieldErrors } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { WithReason } from "@/components/ui/with-reason";

const ID = "connector-secret";

function RotateDialog({ connectorId, onRotated }: { connectorId: string; onRotated: () => void }) {
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [rotated, setRotated] = useState<{ secret: string; until: Date } | null>(null);
  const [pending, startTransition] = useTransition();

  function rotate() {
    startTransition(async () => {
      const result = await rotateSecretAction({ connectorId, overlapHours: hours });
      if (result.ok) {
        setErrors({});
        setRotated({ secret: result.data.secret, until: result.data.previousSecretExpiresAt });
        onRotated();
        toast.success("Secret rotated.");
      } else {
        setErrors(result.fieldErrors ?? {});
        if (!result.fieldErrors?.overlapHours) toast.error(result.message);
      }
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setRotated(null);
          setErrors({});
          setHours(String(DEFAULT_OVERLAP_HOURS));
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <RefreshCw className="size-3.5" aria-hidden /> Rotate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rotate webhook secret</DialogTitle>
          <DialogDescription>
            A new secret signs every delivery from now on. During the overlap, deliveries also carry a signature made
            with the previous secret, so the receiver can switch without rejecting any.
          </DialogDescription>
        </DialogHeader>
        {rotated ? (
          <div className="grid gap-3">
            <FormField
              label="New webhook secret"
              htmlFor="rotated-secret"
              description={`The previous secret stays valid until ${formatDateTime(rotated.until)}.`}
            >
              <div className="flex gap-2">
                <Input readOnly value={rotated.secret} className="font-mono text-xs" {...fieldAria("rotated-secret", null, true)} />
                <CopyButton text={rotated.secret} size="icon" aria-label="Copy the new secret" />
              </div>
            </FormField>
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              // The dialog is portalled out of the Global variables form, but React events still bubble to it.
              e.stopPropagation();
              rotate();
            }}
          >
            <FormField
              label="Overlap (hours)"
              htmlFor="rotate-overlap"
              error={errors.overlapHours}
              description="How long the previous secret stays valid: 1 to 168 hours."
            >
              <Input
                type="number"
                min={1}
                max={168}
                value={hours}
                onChange={(e) => setHours(e.target.value)}
                {...fieldAria("rotate-overlap", errors.overlapHours, true)}
              />
            </FormField>
            <DialogFooter>
              <Button type="submit" disabled={pending}>
                Rotate secret
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

type Props = {
  view: ConnectorView;
  canSeeSecrets: boolean;
  writeDenied?: string;
  /** The newly typed secret ("" keeps the stored one). */
  value: string;
  onChange: (value: string) => void;
  replacing: boolean;
  onReplacingChange: (replacing: boolean) => void;
  error?: string[];
};

/**
 * A stored secret is shown masked, with Reveal, Rotate and Replace; a new one is typed or
 * generated. Marketers never receive the value, the hint or a way to ask for them.
 */
export function SecretField({ view, canSeeSecrets, writeDenied, value, onChange, replacing, onReplacingChange, error }: Props) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const editing = !writeDenied && (!view.secret.set || replacing);
  const overlap = view.secret.previousExpiresAt
    ? `The previous secret is still accepted until ${formatDateTime(view.secret.previousExpiresAt)}.`
    : null;
  const description = editing
    ? "At least 16 characters. Generate gives a whsec_ secret that also works with Standard Webhooks."
    : writeDenied
      ? "Set. The value is hidden from your role."
      : [overlap, "Signs each request: X-Qualifio-Signature is the HMAC-SHA256 of the body."].filter(Boolean).join(" ");

  function reveal() {
    if (revealed) return setRevealed(null);
    startTransition(async () => {
      const result = await revealSecretAction({ connectorId: view.id });
      if (result.ok) setRevealed(result.data.secret);
      else toast.error(result.message);
    });
  }

  if (editing) {
    return (
      <FormField label="Webhook secret" htmlFor={ID} error={error} description={description}>
        <div className="flex gap-2">
          <Input
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="font-mono text-xs"
            placeholder={view.secret.set ? "Type or generate the replacement" : "Type or generate a secret"}
            {...fieldAria(ID, error, true)}
          />
          <Button variant="outline" onClick={() => onChange(generateWebhookSecret())}>
            <Sparkles className="size-4" aria-hidden /> Generate
          </Button>
          {view.secret.set ? (
            <Button
              variant="ghost"
              onClick={() => {
                onChange("");
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
    <FormField label="Webhook secret" htmlFor={ID} error={error} description={view.secret.set ? description : undefined}>
      <div className="flex flex-wrap gap-2">
        <Input
          readOnly
          disabled={!!writeDenied}
          value={revealed ?? masked}
          placeholder={view.secret.set ? undefined : "Not set"}
          className="min-w-64 flex-1 font-mono text-xs"
          {...fieldAria(ID, error, view.secret.set)}
        />
        {canSeeSecrets && view.secret.set ? (
          <>
            <Button variant="outline" size="sm" className="h-9" disabled={pending} onClick={reveal}>
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
            <div className="[&>button]:h-9">
              <RotateDialog connectorId={view.id} onRotated={() => setRevealed(null)} />
            </div>
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
