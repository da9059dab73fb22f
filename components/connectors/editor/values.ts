import type { z } from "zod";
import type { ConnectorView } from "@/lib/connectors/queries";
import { updateGeneralSchema, updateGlobalVariablesSchema } from "@/lib/connectors/schemas";

/** The shared schemas without the connector id, which is not a field: the editor validates with them as typed. */
export const generalFormSchema = updateGeneralSchema.omit({ connectorId: true });
export const globalVariablesFormSchema = updateGlobalVariablesSchema.omit({ connectorId: true });

/** What the forms hold: the shared schemas' input, i.e. the inputs' own strings, which the action parses. */
export type GeneralValues = z.input<typeof generalFormSchema>;
export type GlobalValues = z.input<typeof globalVariablesFormSchema>;

export const GENERAL_FIELDS = ["name", "description"] as const;
export const GLOBAL_FIELDS = [
  "notificationUrl",
  "secret",
  "authHeaderName",
  "authHeaderValue",
  "customHeaders",
  "signatureScheme",
  "timeoutMs",
  "maxInFlight",
  "rateLimitPerSecond",
  "orderedByMember",
] as const satisfies readonly (keyof GlobalValues)[];

export function generalValuesOf(view: ConnectorView) {
  return { name: view.name, description: view.description };
}

export function globalValuesOf(view: ConnectorView) {
  return {
    notificationUrl: view.notificationUrl ?? "",
    secret: "",
    authHeaderName: view.authHeader.name ?? "",
    authHeaderValue: "",
    customHeaders: view.customHeaders.map((h) => ({ name: h.name, value: h.value ?? "" })),
    signatureScheme: view.signatureScheme,
    timeoutMs: String(view.timeoutMs),
    maxInFlight: String(view.maxInFlight),
    rateLimitPerSecond: view.rateLimitPerSecond == null ? "" : String(view.rateLimitPerSecond),
    orderedByMember: view.orderedByMember,
  } satisfies GlobalValues;
}

/** The action's input: blank secret and header value mean "keep the stored one". */
export function globalInputOf(values: GlobalValues) {
  const { rateLimitPerSecond } = values;
  return {
    ...values,
    secret: values.secret || undefined,
    authHeaderValue: values.authHeaderValue || undefined,
    rateLimitPerSecond: typeof rateLimitPerSecond === "string" ? rateLimitPerSecond.trim() : rateLimitPerSecond,
  };
}
