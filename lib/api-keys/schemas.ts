import { z } from "zod";

export const createApiKeySchema = z.object({
  programId: z.uuid("Unknown program."),
  label: z
    .string({ error: "Enter a label." })
    .trim()
    .min(1, "Enter a label.")
    .max(100, "Use at most 100 characters."),
});

export const revokeApiKeySchema = z.object({ id: z.uuid("Unknown API key.") });
