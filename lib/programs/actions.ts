"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { createProgram, renameProgram } from "./service";

export async function createProgramAction(input: unknown) {
  return runAction("programs.write", async (ctx) => ({ id: (await createProgram(ctx, input)).id }), {
    revalidate: ["/settings/programs", "/"],
    message: "Program created.",
  });
}

export async function renameProgramAction(input: unknown) {
  return runAction(
    "programs.write",
    async (ctx) => {
      const program = await renameProgram(ctx, input);
      revalidatePath(`/settings/programs/${program.id}`);
      return undefined;
    },
    { revalidate: ["/settings/programs", "/"], message: "Program renamed." },
  );
}
