"use client";

import { useRef, useState, useTransition } from "react";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField, fieldAria } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions";
import { updateGeneralAction, updateGlobalVariablesAction } from "@/lib/connectors/actions";
import type { ConnectorView } from "@/lib/connectors/queries";
import { MAX_IN_FLIGHT, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, signatureSchemeLabels, signatureSchemes, type SignatureScheme } from "@/lib/connectors/schemas";
import type { FieldErrors } from "@/lib/errors";
import { cn } from "@/lib/utils";
import { SecretField } from "./secret-field";
import { useUnsavedChangesWarning } from "@/components/hooks/use-unsaved-changes";
import { WithReason } from "@/components/ui/with-reason";

type Props = { view: ConnectorView; canSeeSecrets: boolean; writeDenied?: string };

type HeaderRow = { key: number; name: string; value: string };
type GlobalValues = {
  notificationUrl: string;
  secret: string;
  authHeaderName: string;
  authHeaderValue: string;
  customHeaders: HeaderRow[];
  signatureScheme: SignatureScheme;
  timeoutMs: string;
  maxInFlight: string;
  rateLimitPerSecond: string;
  orderedByMember: boolean;
};

/** A form's values and the last saved copy; the difference is what "unsaved changes" means. */
function useDraft<T>(initial: () => T, comparable: (values: T) => unknown = (v) => v) {
  const [saved, setSaved] = useState(initial);
  const [values, setValues] = useState(saved);
  const dirty = JSON.stringify(comparable(values)) !== JSON.stringify(comparable(saved));
  return {
    values,
    dirty,
    update: (patch: Partial<T>) => setValues((v) => ({ ...v, ...patch })),
    markSaved: (next: T) => {
      setSaved(next);
      setValues(next);
    },
  };
}

function SaveBar({ pending, writeDenied, dirty }: { pending: boolean; writeDenied?: string; dirty: boolean }) {
  return (
    <div className="flex items-center gap-3 border-t pt-4">
      <WithReason reason={writeDenied}>
        <Button type="submit" disabled={pending || !!writeDenied}>
          Save
        </Button>
      </WithReason>
      {dirty ? <span className="text-xs text-muted-foreground">Unsaved changes</span> : null}
    </div>
  );
}

export function ConnectorEditor({ view, canSeeSecrets, writeDenied }: Props) {
  const readOnly = !!writeDenied;
  const [pending, startTransition] = useTransition();
  const nextKey = useRef(view.customHeaders.length);

  const general = useDraft(() => ({ name: view.name, description: view.description }));
  const [generalErrors, setGeneralErrors] = useState<FieldErrors>({});

  const global = useDraft<GlobalValues>(
    () => ({
      notificationUrl: view.notificationUrl ?? "",
      secret: "",
      authHeaderName: view.authHeader.name ?? "",
      authHeaderValue: "",
      customHeaders: view.customHeaders.map((h, i) => ({ key: i, name: h.name, value: h.value ?? "" })),
      signatureScheme: view.signatureScheme,
      timeoutMs: String(view.timeoutMs),
      maxInFlight: String(view.maxInFlight),
      rateLimitPerSecond: view.rateLimitPerSecond == null ? "" : String(view.rateLimitPerSecond),
      orderedByMember: view.orderedByMember,
    }),
    ({ customHeaders, ...rest }) => ({ ...rest, customHeaders: customHeaders.map(({ name, value }) => [name, value]) }),
  );
  const [globalErrors, setGlobalErrors] = useState<FieldErrors>({});
  const [replacingSecret, setReplacingSecret] = useState(false);

  useUnsavedChangesWarning(general.dirty || global.dirty);

  function save<T>(
    call: () => Promise<ActionResult<T>>,
    setErrors: (errors: FieldErrors) => void,
    onSaved: () => void,
  ) {
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        setErrors({});
        onSaved();
        toast.success(result.message ?? "Saved.");
      } else {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.message);
      }
    });
  }

  function saveGeneral() {
    const values = general.values;
    save(
      () => updateGeneralAction({ connectorId: view.id, ...values }),
      setGeneralErrors,
      () => general.markSaved({ name: values.name.trim(), description: values.description.trim() }),
    );
  }

  function saveGlobal() {
    const values = global.values;
    save(
      () =>
        updateGlobalVariablesAction({
          connectorId: view.id,
          notificationUrl: values.notificationUrl,
          secret: values.secret || undefined,
          authHeaderName: values.authHeaderName,
          authHeaderValue: values.authHeaderValue || undefined,
          customHeaders: values.customHeaders.map(({ name, value }) => ({ name, value })),
          signatureScheme: values.signatureScheme,
          timeoutMs: values.timeoutMs,
          maxInFlight: values.maxInFlight,
          rateLimitPerSecond: values.rateLimitPerSecond.trim(),
          orderedByMember: values.orderedByMember,
        }),
      setGlobalErrors,
      () => {
        // Saved secrets and header values are never sent back: the fields empty and show "saved" instead.
        global.markSaved({ ...values, secret: "", authHeaderValue: "" });
        setReplacingSecret(false);
      },
    );
  }

  const g = global.values;
  const e = globalErrors;
  const hiddenValue = readOnly ? "Hidden from your role" : undefined;
  const customHeaders = (rows: HeaderRow[]) => global.update({ customHeaders: rows });

  return (
    <Tabs defaultValue="general">
      <TabsList>
        <TabsTrigger value="general">General</TabsTrigger>
        <TabsTrigger value="global-variables">Global variables</TabsTrigger>
      </TabsList>

      <TabsContent value="general">
        <form
          className="grid max-w-2xl gap-4 rounded-lg border bg-card p-5"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            saveGeneral();
          }}
        >
          <FormField label="Name" htmlFor="connector-name" error={generalErrors.name}>
            <Input
              value={general.values.name}
              onChange={(event) => general.update({ name: event.target.value })}
              disabled={readOnly}
              autoComplete="off"
              {...fieldAria("connector-name", generalErrors.name)}
            />
          </FormField>
          <FormField
            label="Description"
            htmlFor="connector-description"
            error={generalErrors.description}
            description="Optional: what this connector is for, for your team."
          >
            <Textarea
              value={general.values.description}
              onChange={(event) => general.update({ description: event.target.value })}
              disabled={readOnly}
              rows={3}
              {...fieldAria("connector-description", generalErrors.description, true)}
            />
          </FormField>
          <SaveBar pending={pending} writeDenied={writeDenied} dirty={general.dirty} />
        </form>
      </TabsContent>

      <TabsContent value="global-variables">
        <form
          className="grid max-w-2xl gap-5 rounded-lg border bg-card p-5"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            saveGlobal();
          }}
        >
          <FormField
            label="Notification URL"
            htmlFor="connector-url"
            error={e.notificationUrl}
            description="Where events are POSTed: an http:// or https:// URL without a user name or password."
          >
            <Input
              type="url"
              inputMode="url"
              value={g.notificationUrl}
              onChange={(event) => global.update({ notificationUrl: event.target.value })}
              disabled={readOnly}
              placeholder="https://example.com/webhooks/loyalty"
              autoComplete="off"
              className="font-mono text-xs"
              {...fieldAria("connector-url", e.notificationUrl, true)}
            />
          </FormField>

          <SecretField
            view={view}
            canSeeSecrets={canSeeSecrets}
            writeDenied={writeDenied}
            value={g.secret}
            onChange={(secret) => global.update({ secret })}
            replacing={replacingSecret}
            onReplacingChange={setReplacingSecret}
            error={e.secret}
          />

          <fieldset className="grid gap-3">
            <legend className="mb-1 text-sm font-semibold">Authentication header</legend>
            <div className="grid items-start gap-3 sm:grid-cols-[2fr_3fr]">
              <FormField label="Header name" htmlFor="connector-auth-name" error={e.authHeaderName}>
                <Input
                  value={g.authHeaderName}
                  onChange={(event) => global.update({ authHeaderName: event.target.value })}
                  disabled={readOnly}
                  placeholder="Authorization"
                  autoComplete="off"
                  {...fieldAria("connector-auth-name", e.authHeaderName)}
                />
              </FormField>
              <FormField
                label="Header value"
                htmlFor="connector-auth-value"
                error={e.authHeaderValue}
                description={
                  view.authHeader.hasValue && !readOnly ? "Saved and hidden. Leave empty to keep it, or type a new value." : undefined
                }
              >
                <Input
                  value={g.authHeaderValue}
                  onChange={(event) => global.update({ authHeaderValue: event.target.value })}
                  disabled={readOnly}
                  placeholder={view.authHeader.hasValue ? (hiddenValue ?? "•••••••• (saved)") : "Bearer …"}
                  autoComplete="off"
                  spellCheck={false}
                  {...fieldAria("connector-auth-value", e.authHeaderValue, view.authHeader.hasValue && !readOnly)}
                />
              </FormField>
            </div>
            {readOnly ? null : (
              <p className="text-xs text-muted-foreground">
                Sent with every request, e.g. Authorization: Bearer …. Clear the name to remove it.
              </p>
            )}
          </fieldset>

          <fieldset className="grid gap-3">
            <legend className="mb-1 text-sm font-semibold">Custom headers</legend>
            {g.customHeaders.length === 0 ? (
              <p className="text-xs text-muted-foreground">No custom headers. The hub&apos;s own headers cannot be overridden.</p>
            ) : null}
            {g.customHeaders.map((row, i) => {
              const nameError = e[`customHeaders.${i}.name`];
              const valueError = e[`customHeaders.${i}.value`];
              const set = (patch: Partial<HeaderRow>) =>
                customHeaders(g.customHeaders.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
              return (
                <div key={row.key} className={cn("grid items-start gap-2", readOnly ? "grid-cols-[2fr_3fr]" : "grid-cols-[2fr_3fr_auto]")}>
                  <div className="grid gap-1">
                    <Input
                      aria-label={`Custom header ${i + 1} name`}
                      value={row.name}
                      onChange={(event) => set({ name: event.target.value })}
                      disabled={readOnly}
                      placeholder="X-Tenant"
                      autoComplete="off"
                      {...fieldAria(`custom-header-${row.key}-name`, nameError)}
                    />
                    {nameError ? (
                      <p id={`custom-header-${row.key}-name-error`} role="alert" className="text-xs text-destructive">
                        {nameError.join(" ")}
                      </p>
                    ) : null}
                  </div>
                  <div className="grid gap-1">
                    <Input
                      aria-label={`Custom header ${i + 1} value`}
                      value={row.value}
                      onChange={(event) => set({ value: event.target.value })}
                      disabled={readOnly}
                      placeholder={hiddenValue}
                      autoComplete="off"
                      spellCheck={false}
                      {...fieldAria(`custom-header-${row.key}-value`, valueError)}
                    />
                    {valueError ? (
                      <p id={`custom-header-${row.key}-value-error`} role="alert" className="text-xs text-destructive">
                        {valueError.join(" ")}
                      </p>
                    ) : null}
                  </div>
                  {readOnly ? null : (
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove custom header ${i + 1}`}
                      onClick={() => {
                        customHeaders(g.customHeaders.filter((r) => r.key !== row.key));
                        // Errors are keyed by position, which just shifted.
                        setGlobalErrors({});
                      }}
                    >
                      <X className="size-4" aria-hidden />
                    </Button>
                  )}
                </div>
              );
            })}
            {e.customHeaders ? (
              <p role="alert" className="text-xs text-destructive">
                {e.customHeaders.join(" ")}
              </p>
            ) : null}
            {readOnly ? null : (
              <Button
                variant="outline"
                size="sm"
                className="w-fit"
                onClick={() => customHeaders([...g.customHeaders, { key: nextKey.current++, name: "", value: "" }])}
              >
                <Plus className="size-3.5" aria-hidden /> Add header
              </Button>
            )}
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              label="Signature scheme"
              htmlFor="connector-signature-scheme"
              error={e.signatureScheme}
              description="Standard Webhooks adds webhook-id, webhook-timestamp and webhook-signature; it needs a whsec_ secret."
            >
              <NativeSelect
                value={g.signatureScheme}
                onChange={(event) => global.update({ signatureScheme: event.target.value as SignatureScheme })}
                disabled={readOnly}
                {...fieldAria("connector-signature-scheme", e.signatureScheme, true)}
              >
                {signatureSchemes.map((scheme) => (
                  <option key={scheme} value={scheme}>
                    {signatureSchemeLabels[scheme]}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              label="Request timeout (ms)"
              htmlFor="connector-timeout"
              error={e.timeoutMs}
              description="1,000 to 30,000. A slower answer counts as a failure and is retried."
            >
              <Input
                type="number"
                min={MIN_TIMEOUT_MS}
                max={MAX_TIMEOUT_MS}
                value={g.timeoutMs}
                onChange={(event) => global.update({ timeoutMs: event.target.value })}
                disabled={readOnly}
                {...fieldAria("connector-timeout", e.timeoutMs, true)}
              />
            </FormField>
            <FormField
              label="Max requests in flight"
              htmlFor="connector-max-in-flight"
              error={e.maxInFlight}
              description={`1 to ${MAX_IN_FLIGHT} requests at the same time to this receiver.`}
            >
              <Input
                type="number"
                min={1}
                max={MAX_IN_FLIGHT}
                value={g.maxInFlight}
                onChange={(event) => global.update({ maxInFlight: event.target.value })}
                disabled={readOnly}
                {...fieldAria("connector-max-in-flight", e.maxInFlight, true)}
              />
            </FormField>
            <FormField
              label="Rate limit (requests per second)"
              htmlFor="connector-rate-limit"
              error={e.rateLimitPerSecond}
              description="Leave blank for no limit."
            >
              <Input
                type="number"
                min={1}
                max={1000}
                value={g.rateLimitPerSecond}
                onChange={(event) => global.update({ rateLimitPerSecond: event.target.value })}
                disabled={readOnly}
                {...fieldAria("connector-rate-limit", e.rateLimitPerSecond, true)}
              />
            </FormField>
          </div>
          <FormField
            label="Deliver each member's events in order"
            htmlFor="connector-ordered-by-member"
            error={e.orderedByMember}
            description="For CRM sync: a member's event is sent only once their earlier ones to this connector have succeeded or failed for good. Other members keep flowing."
          >
            <Checkbox
              checked={g.orderedByMember}
              onCheckedChange={(checked) => global.update({ orderedByMember: checked === true })}
              disabled={readOnly}
              {...fieldAria("connector-ordered-by-member", e.orderedByMember, true)}
            />
          </FormField>

          <SaveBar pending={pending} writeDenied={writeDenied} dirty={global.dirty} />
        </form>
      </TabsContent>
    </Tabs>
  );
}
