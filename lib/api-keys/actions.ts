"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { createApiKey, revokeApiKey } from "./service";

/** Returns the full key: the client shows it once and never stores it. */
export async function createApiKeyAction(input: unknown) {
  return runAction("api-keys.write", async (ctx) => {
    const { apiKey, key } = await createApiKey(ctx, input);
    revalidatePath(`/settings/programs/${apiKey.programId}`);
    return { key, prefix: apiKey.prefix, label: apiKey.label };
  }, { revalidate: ["/settings/programs"] });
}

export async function revokeApiKeyAction(input: unknown) {
  return runAction("api-keys.write", async (ctx) => {
    const revoked = await revokeApiKey(ctx, input);
    revalidatePath(`/settings/programs/${revoked.programId}`);
    return undefined;
  }, { revalidate: ["/settings/programs"], message: "API key revoked." });
}
