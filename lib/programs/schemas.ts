import { z } from "zod";

const programNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.");

export const createProgramSchema = z.object({ name: programNameSchema });

export const renameProgramSchema = z.object({
  id: z.uuid("Unknown program."),
  name: programNameSchema,
});
