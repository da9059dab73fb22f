"use client";

import { useFormContext } from "react-hook-form";
import { FormControl, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { GlobalValues } from "./values";

/** Where events go. */
export function EndpointSection({ readOnly }: { readOnly: boolean }) {
  const { register, formState } = useFormContext<GlobalValues>();
  return (
    <FormField
      label="Notification URL"
      id="connector-url"
      error={formState.errors.notificationUrl?.message}
      description="Where events are POSTed: an http:// or https:// URL without a user name or password."
    >
      <FormControl>
        <Input
          type="url"
          inputMode="url"
          {...register("notificationUrl")}
          disabled={readOnly}
          placeholder="https://example.com/webhooks/loyalty"
          autoComplete="off"
          className="font-mono text-xs"
        />
      </FormControl>
    </FormField>
  );
}
