import { z } from "zod";

/** Blank (or null) turns a ground off; otherwise a whole number in range. */
function optionalWhole(min: number, max: number, messages: { type: string; range: string }) {
  return z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number({ error: messages.type })])
    .pipe(z.number({ error: messages.type }).int(messages.type).min(min, messages.range).max(max, messages.range).nullable())
    .default(null);
}

/** The connector's Alerts card. */
export const updateAlertSettingsSchema = z.object({
  connectorId: z.uuid("Unknown connector."),
  alertAfterFailures: optionalWhole(1, 1000, {
    type: "Enter a whole number of failed attempts, or leave it blank.",
    range: "Use 1 to 1,000, or leave it blank.",
  }),
  alertSuccessRateBelow: optionalWhole(1, 100, {
    type: "Enter a whole percentage, or leave it blank.",
    range: "Use 1 to 100 %, or leave it blank.",
  }),
  /** Blank: alerts stay in the hub (bell, banner, audit log). */
  alertDestinationId: z
    .union([z.literal("").transform(() => null), z.null(), z.uuid("Choose a connector from the list.")])
    .default(null),
});
