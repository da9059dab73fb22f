"use client";

import { useState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/section-card";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toast";
import { WithReason } from "@/components/ui/with-reason";
import { useActionForm } from "@/components/hooks/use-action-form";
import { useUnsavedChangesWarning } from "@/components/hooks/use-unsaved-changes";
import { updateAlertSettingsAction } from "@/lib/alerts/actions";
import { MIN_RATE_SAMPLE, WINDOW_MINUTES } from "@/lib/alerts/operational";
import type { ConnectorAlerts } from "@/lib/alerts/queries";

type Props = {
  connectorId: string;
  settings: ConnectorAlerts["settings"];
  /** Every other connector, for the Alert destination. */
  destinations: ConnectorAlerts["destinations"];
  /** Why the current role may not change the connector; undefined for admins. */
  writeDenied?: string;
};

type Values = { alertAfterFailures: string; alertSuccessRateBelow: string; alertDestinationId: string };

const FIELDS = ["alertAfterFailures", "alertSuccessRateBelow", "alertDestinationId"] as const;

function toValues(settings: ConnectorAlerts["settings"]): Values {
  return {
    alertAfterFailures: settings.alertAfterFailures == null ? "" : String(settings.alertAfterFailures),
    alertSuccessRateBelow: settings.alertSuccessRateBelow == null ? "" : String(settings.alertSuccessRateBelow),
    alertDestinationId: settings.alertDestinationId ?? "",
  };
}

/** The two thresholds, both whole numbers from 1; blank turns one off. */
const thresholds = [
  {
    name: "alertAfterFailures",
    id: "alerts-after-failures",
    label: "Alert after consecutive failures",
    max: 1000,
    description: "Failed attempts in a row since the last success; test deliveries do not count. Blank: off.",
  },
  {
    name: "alertSuccessRateBelow",
    id: "alerts-success-rate",
    label: `Alert when the success rate over ${WINDOW_MINUTES} minutes is below (%)`,
    max: 100,
    description: `Share of the deliveries created in the last ${WINDOW_MINUTES} minutes whose latest attempt succeeded, once at least ${MIN_RATE_SAMPLE} were attempted. Blank: off.`,
  },
] as const;

/** The connector's Alerts card: when it counts as failing, and which connector hears about it. */
export function AlertsCard({ connectorId, settings, destinations, writeDenied }: Props) {
  const readOnly = !!writeDenied;
  const { pending, errors, run } = useActionForm(FIELDS);
  const [saved, setSaved] = useState(() => toValues(settings));
  const [values, setValues] = useState(saved);
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  useUnsavedChangesWarning(dirty && !readOnly);

  const update = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  async function submit() {
    const sent = { ...values, alertAfterFailures: values.alertAfterFailures.trim(), alertSuccessRateBelow: values.alertSuccessRateBelow.trim() };
    const result = await run(() => updateAlertSettingsAction({ connectorId, ...sent }));
    if (result.ok) {
      setSaved(sent);
      setValues(sent);
      toast.success(result.message ?? "Alerts saved.");
    }
  }

  // A destination chosen earlier that is no longer listed (deleted meanwhile) still shows as chosen.
  const unknownDestination = values.alertDestinationId && !destinations.some((d) => d.id === values.alertDestinationId);

  return (
    <SectionCard
      className="mt-6"
      title="Alerts"
      region
      description={
        <>
          When this connector keeps failing, is turned off automatically or recovers, the hub raises an alert: in the bell, on this
          page and in the audit log, once per episode. With an Alert destination, it also sends a signed operational event there
          (<code className="font-mono text-xs">connector.failing</code>, <code className="font-mono text-xs">connector.disabled</code>,{" "}
          <code className="font-mono text-xs">connector.recovered</code>), signed like any delivery; they are listed in the{" "}
          <Link href="/integrations/event-catalog#operational-events" className="underline underline-offset-2 hover:text-foreground">
            Event catalog
          </Link>
          .
        </>
      }
    >
      <form
        className="grid gap-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly) void submit();
        }}
      >
        <div className="grid gap-4 md:grid-cols-2">
          {thresholds.map((field) => (
            <InputField
              key={field.name}
              label={field.label}
              id={field.id}
              error={errors[field.name]}
              description={field.description}
              type="number"
              inputMode="numeric"
              min={1}
              max={field.max}
              step={1}
              value={values[field.name]}
              onChange={(e) => update({ [field.name]: e.target.value })}
              disabled={readOnly}
            />
          ))}
        </div>
        <FormField
          label="Alert destination"
          id="alerts-destination"
          error={errors.alertDestinationId}
          description="The connector that receives this connector's operational events. A destination that is off receives nothing."
          className="md:max-w-md"
        >
          <FormControl>
            <NativeSelect
              value={values.alertDestinationId}
              onChange={(e) => update({ alertDestinationId: e.target.value })}
              disabled={readOnly}
            >
              <option value="">None: alerts stay in the hub</option>
              <NativeSelectOptions items={destinations} value={(d) => d.id} label={(d) => d.active ? d.name : `${d.name} (off)`} />
              {unknownDestination ? <option value={values.alertDestinationId}>A deleted connector</option> : null}
            </NativeSelect>
          </FormControl>
        </FormField>
        <div className="flex items-center gap-3 border-t pt-4">
          {/* Not "Save": the connector's settings tabs above have their own Save button. */}
          <WithReason reason={writeDenied}>
            <Button type="submit" disabled={pending || readOnly}>
              Update alerts
            </Button>
          </WithReason>
          {dirty && !readOnly ? <span className="text-xs text-muted-foreground">Unsaved changes</span> : null}
          {readOnly ? <span className="text-xs text-muted-foreground">Read-only: {writeDenied}</span> : null}
        </div>
      </form>
    </SectionCard>
  );
}
