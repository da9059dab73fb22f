import { z } from "zod";
import { requiredText } from "@/lib/validation";

const programNameSchema = requiredText("Enter a name.", 100);

export const createProgramSchema = z.object({ name: programNameSchema });

export const renameProgramSchema = z.object({
  id: z.uuid("Unknown program."),
  name: programNameSchema,
});
