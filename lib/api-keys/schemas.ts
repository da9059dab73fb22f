import { z } from "zod";
import { requiredText } from "@/lib/validation";

export const createApiKeySchema = z.object({
  programId: z.uuid("Unknown program."),
  label: requiredText("Enter a label.", 100),
});

export const revokeApiKeySchema = z.object({ id: z.uuid("Unknown API key.") });
