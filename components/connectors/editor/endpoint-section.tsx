"use client";

import { useFormContext } from "react-hook-form";
import { InputField } from "@/components/ui/form-field";
import type { GlobalValues } from "./values";

/** Where events go. */
export function EndpointSection({ readOnly }: { readOnly: boolean }) {
  const { register, formState } = useFormContext<GlobalValues>();
  return (
    <InputField
      label="Notification URL"
      id="connector-url"
      error={formState.errors.notificationUrl?.message}
      description="Where events are POSTed: an http:// or https:// URL without a user name or password."
      type="url"
      inputMode="url"
      {...register("notificationUrl")}
      disabled={readOnly}
      placeholder="https://example.com/webhooks/loyalty"
      autoComplete="off"
      className="font-mono text-xs"
    />
  );
}
