"use server";

import { runAction } from "@/lib/actions";
import { createApiKey, revokeApiKey } from "./service";

const PROGRAMS = "/settings/programs";
const programPage = (key: { programId: string }) => `${PROGRAMS}/${key.programId}`;

/** Returns the full key: the client shows it once and never stores it. */
export async function createApiKeyAction(input: unknown) {
  return runAction(
    "api-keys.write",
    async (ctx) => {
      const { apiKey, key } = await createApiKey(ctx, input);
      return { key, prefix: apiKey.prefix, label: apiKey.label, programId: apiKey.programId };
    },
    { revalidate: [PROGRAMS, programPage] },
  );
}

export async function revokeApiKeyAction(input: unknown) {
  return runAction("api-keys.write", (ctx) => revokeApiKey(ctx, input), {
    revalidate: [PROGRAMS, programPage],
    message: "API key revoked.",
  });
}
