"use server";

import { runAction } from "@/lib/actions";
import { createProgram, renameProgram } from "./service";

const LIST = "/settings/programs";
// The home page lists the programs too.
const HOME = "/";
const page = (program: { id: string }) => `${LIST}/${program.id}`;

export async function createProgramAction(input: unknown) {
  return runAction("programs.write", async (ctx) => ({ id: (await createProgram(ctx, input)).id }), {
    revalidate: [LIST, HOME],
    message: "Program created.",
  });
}

export async function renameProgramAction(input: unknown) {
  return runAction("programs.write", async (ctx) => ({ id: (await renameProgram(ctx, input)).id }), {
    revalidate: [LIST, HOME, page],
    message: "Program renamed.",
  });
}
