"use client";

import { Controller, useFormContext } from "react-hook-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { NativeSelect, NativeSelectOptions } from "@/components/ui/native-select";
import { MAX_IN_FLIGHT, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, signatureSchemeLabels, signatureSchemes } from "@/lib/connectors/schemas";
import type { GlobalValues } from "./values";

type NumberFieldProps = {
  name: "timeoutMs" | "maxInFlight" | "rateLimitPerSecond";
  label: string;
  id: string;
  min: number;
  max: number;
  description: string;
  readOnly: boolean;
};

function NumberField({ name, label, id, min, max, description, readOnly }: NumberFieldProps) {
  const { register, formState } = useFormContext<GlobalValues>();
  return (
    <InputField
      label={label}
      id={id}
      error={formState.errors[name]?.message}
      description={description}
      type="number"
      min={min}
      max={max}
      {...register(name)}
      disabled={readOnly}
    />
  );
}

/** How requests are signed, paced and ordered. */
export function DeliverySection({ readOnly }: { readOnly: boolean }) {
  const { control, register, formState } = useFormContext<GlobalValues>();
  const errors = formState.errors;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Signature scheme"
          id="connector-signature-scheme"
          error={errors.signatureScheme?.message}
          description="Standard Webhooks adds webhook-id, webhook-timestamp and webhook-signature; it needs a whsec_ secret."
        >
          <FormControl>
            <NativeSelect {...register("signatureScheme")} disabled={readOnly}>
              <NativeSelectOptions items={signatureSchemes} value={(scheme) => scheme} label={(scheme) => signatureSchemeLabels[scheme]} />
            </NativeSelect>
          </FormControl>
        </FormField>
        <NumberField
          name="timeoutMs"
          label="Request timeout (ms)"
          id="connector-timeout"
          min={MIN_TIMEOUT_MS}
          max={MAX_TIMEOUT_MS}
          description="1,000 to 30,000. A slower answer counts as a failure and is retried."
          readOnly={readOnly}
        />
        <NumberField
          name="maxInFlight"
          label="Max requests in flight"
          id="connector-max-in-flight"
          min={1}
          max={MAX_IN_FLIGHT}
          description={`1 to ${MAX_IN_FLIGHT} requests at the same time to this receiver.`}
          readOnly={readOnly}
        />
        <NumberField
          name="rateLimitPerSecond"
          label="Rate limit (requests per second)"
          id="connector-rate-limit"
          min={1}
          max={1000}
          description="Leave blank for no limit."
          readOnly={readOnly}
        />
      </div>
      <FormField
        label="Deliver each member's events in order"
        id="connector-ordered-by-member"
        error={errors.orderedByMember?.message}
        description="For CRM sync: a member's event is sent only once their earlier ones to this connector have succeeded or failed for good. Other members keep flowing."
      >
        <Controller
          control={control}
          name="orderedByMember"
          render={({ field }) => (
            <FormControl>
              <Checkbox
                ref={field.ref}
                checked={field.value}
                onCheckedChange={(checked) => field.onChange(checked === true)}
                onBlur={field.onBlur}
                disabled={readOnly}
              />
            </FormControl>
          )}
        />
      </FormField>
    </>
  );
}
