import { z } from "zod";

export const programNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.");

export const createProgramSchema = z.object({ name: programNameSchema });
export type CreateProgramInput = z.input<typeof createProgramSchema>;

export const renameProgramSchema = z.object({
  id: z.uuid("Unknown program."),
  name: programNameSchema,
});
export type RenameProgramInput = z.input<typeof renameProgramSchema>;
