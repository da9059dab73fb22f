import { z } from "zod";
import { eventTypeIds } from "@/lib/events/types";

export const sendTestEventSchema = z.object({
  connectorId: z.uuid("Unknown connector."),
  programId: z.uuid("Choose a program."),
  type: z.enum(eventTypeIds, { error: "Choose an event type." }),
  /** The editable `{ member, data }` JSON from the dialog. */
  payload: z.string().max(256 * 1024, "Keep the body under 256 KiB."),
});
