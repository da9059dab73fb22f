import { z } from "zod";
import { notificationUrlProblem } from "@/lib/connectors/schemas";
import { requiredText } from "@/lib/validation";

/** Like a test event's body (lib/test-events/schemas.ts): far above any real event, far below the server action limit. */
const MAX_RESEND_BODY_BYTES = 256 * 1024;

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The JSON text compacted, as every delivery's body is on the wire; null when it is not JSON. */
export function compactJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * "Resend with changes": the body as the admin edited it (any JSON: the point is to see how a
 * receiver copes) and where to send it. The body goes out compacted, so an unedited body signs the
 * same bytes as the original and only real edits show in the diff.
 */
export const resendWithChangesSchema = z.object({
  deliveryId: z.uuid("Unknown delivery."),
  url: requiredText("Enter a URL.").superRefine((value, ctx) => {
    const problem = notificationUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  body: z
    .string({ error: "Enter a body." })
    .refine((v) => v.trim().length > 0, "Enter a body.")
    .refine((v) => utf8Length(v) <= MAX_RESEND_BODY_BYTES, "Keep the body under 256 KiB.")
    .transform((v, ctx) => {
      const compact = compactJson(v);
      if (compact === null) {
        ctx.addIssue({ code: "custom", message: "Not valid JSON. Check quotes and commas." });
        return z.NEVER;
      }
      return compact;
    }),
});
