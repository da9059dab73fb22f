import { z } from "zod";

export const resendSchema = z.object({ deliveryId: z.uuid("Unknown delivery.") });

export const replayFailedSchema = z.object({
  connectorId: z.uuid("Unknown connector."),
  since: z.coerce.date({ error: "Choose a date and time." }).refine((d) => d.getTime() <= Date.now(), "Choose a time in the past."),
  /** Keyset cursor: the last delivery id replayed by the previous batch. */
  after: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(10),
});
