import { z } from "zod";
import { requiredText } from "@/lib/validation";
import { MAX_CUSTOM_HEADERS, MAX_HEADER_VALUE_LENGTH, hasLineBreak, headerNameProblem } from "./headers";
import { MAX_SECRET_LENGTH, MIN_SECRET_LENGTH } from "./secrets";

export const signatureSchemes = ["qualifio", "qualifio+standard"] as const;
export type SignatureScheme = (typeof signatureSchemes)[number];
export const signatureSchemeLabels: Record<SignatureScheme, string> = {
  qualifio: "Qualifio (X-Qualifio-Signature)",
  "qualifio+standard": "Qualifio + Standard Webhooks headers",
};

const MAX_URL_LENGTH = 2048;
export const MIN_TIMEOUT_MS = 1_000;
export const MAX_TIMEOUT_MS = 30_000;
export const DEFAULT_OVERLAP_HOURS = 24;
/** The ceiling on requests in flight per connector (docs/receiving-webhooks.md, "Retries"); a connector may ask for fewer. */
export const MAX_IN_FLIGHT = 10;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Why a notification URL cannot be used, or undefined when it can. Also checked before activation. */
export function notificationUrlProblem(value: string): string | undefined {
  if (value.length > MAX_URL_LENGTH) return "Use at most 2,048 characters.";
  // The URL parser silently drops tabs and line breaks, so they are refused before parsing.
  if (/\s/.test(value) || CONTROL_CHARS.test(value)) return "The URL cannot contain spaces or line breaks.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter an absolute URL, such as https://example.com/webhooks.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http:// or https:// URL.";
  if (url.username || url.password) {
    return "Remove the user name and password from the URL; send credentials with Header name and Header value.";
  }
  return undefined;
}

const connectorId = z.uuid("Unknown connector.");

const connectorNameSchema = requiredText("Enter a name.", 100).refine((v) => !CONTROL_CHARS.test(v), "A name cannot contain line breaks.");

export const createConnectorSchema = z.object({ name: connectorNameSchema });

export const updateGeneralSchema = z.object({
  connectorId,
  name: connectorNameSchema,
  description: z.string().trim().max(500, "Use at most 500 characters.").default(""),
});

/** Empty means "no URL yet" (stored as null); an active connector still needs one, checked by the verb. */
const optionalUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = value ? notificationUrlProblem(value) : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((v) => v || null);

/** A newly typed secret; blank keeps the stored one. */
const newSecretSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!value) return;
    if (value.length < MIN_SECRET_LENGTH) ctx.addIssue({ code: "custom", message: `Use at least ${MIN_SECRET_LENGTH} characters.` });
    else if (value.length > MAX_SECRET_LENGTH) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_SECRET_LENGTH} characters.` });
    else if (CONTROL_CHARS.test(value)) ctx.addIssue({ code: "custom", message: "The secret cannot contain line breaks." });
  })
  .transform((v) => v || undefined);

const headerNameSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = headerNameProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const headerValueSchema = z
  .string()
  .trim()
  .max(MAX_HEADER_VALUE_LENGTH, `Use at most ${MAX_HEADER_VALUE_LENGTH} characters.`)
  .refine((v) => !hasLineBreak(v), "Header values cannot contain line breaks.");

export const customHeaderSchema = z.object({
  name: headerNameSchema,
  value: headerValueSchema.refine((v) => v.length > 0, "Enter a value."),
});

export const updateGlobalVariablesSchema = z.object({
  connectorId,
  notificationUrl: optionalUrlSchema,
  secret: newSecretSchema.optional(),
  /** Blank removes the auth header. */
  authHeaderName: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = value ? headerNameProblem(value) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((v) => v || null),
  /** Blank keeps the stored value (it is never sent back to the form). */
  authHeaderValue: headerValueSchema.optional(),
  customHeaders: z.array(customHeaderSchema).max(MAX_CUSTOM_HEADERS, `Add at most ${MAX_CUSTOM_HEADERS} custom headers.`).default([]),
  signatureScheme: z.enum(signatureSchemes, { error: "Choose a signature scheme." }),
  timeoutMs: z.coerce
    .number({ error: "Enter a number of milliseconds." })
    .int("Use a whole number of milliseconds.")
    .min(MIN_TIMEOUT_MS, "Use at least 1,000 ms.")
    .max(MAX_TIMEOUT_MS, "Use at most 30,000 ms."),
  maxInFlight: z.coerce
    .number({ error: "Enter a number of requests." })
    .int("Use a whole number.")
    .min(1, "Use at least 1.")
    .max(MAX_IN_FLIGHT, `Use at most ${MAX_IN_FLIGHT}.`)
    .default(MAX_IN_FLIGHT),
  /** Blank means no limit. */
  rateLimitPerSecond: z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number({ error: "Enter a number, or leave it blank." })])
    .pipe(z.number().int("Use a whole number.").min(1, "Use at least 1, or leave it blank.").max(1000, "Use at most 1,000.").nullable())
    .default(null),
  /** "Deliver each member's events in order". */
  orderedByMember: z.boolean({ error: "Choose whether to deliver each member's events in order." }).default(false),
});

export const setActiveSchema = z.object({ connectorId, active: z.boolean() });

export const rotateSecretSchema = z.object({
  connectorId,
  overlapHours: z.coerce
    .number({ error: "Enter a number of hours." })
    .int("Use whole hours.")
    .min(1, "Use at least 1 hour.")
    .max(168, "Use at most 168 hours (7 days).")
    .default(DEFAULT_OVERLAP_HOURS),
});

export const connectorIdSchema = z.object({ connectorId });

/** The decrypted custom headers column; parsed because it comes back from storage. */
export const storedCustomHeadersSchema = z.array(z.object({ name: z.string(), value: z.string() }));
