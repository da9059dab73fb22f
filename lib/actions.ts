import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { getDb } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { DomainError, type FieldErrors } from "@/lib/errors";
import { log, requestLog } from "@/lib/log";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: DomainError["code"] | "internal"; message: string; fieldErrors?: FieldErrors };

/**
 * A path to revalidate after the verb succeeded: fixed, or taken from what the verb returned (an
 * entity's own page, whose id is only known then).
 */
type RevalidatePath<T> = string | ((data: T) => string);

/**
 * The shape of every server action: read the session, check the permission, call the verb,
 * revalidate, and turn domain errors into a typed result. Verbs still check the permission
 * themselves; this check only answers early with a clear message.
 */
export async function runAction<T>(
  permission: Permission,
  verb: (ctx: Ctx) => Promise<T>,
  options: { revalidate?: RevalidatePath<T>[]; message?: string } = {},
): Promise<ActionResult<T>> {
  const actor = await currentActor();
  if (!actor) return { ok: false, code: "unauthenticated", message: "You are signed out. Sign in again." };
  if (!can(actor.role, permission)) {
    return { ok: false, code: "forbidden", message: "You do not have permission to do this." };
  }
  try {
    const data = await verb({ db: getDb(), actor });
    for (const path of options.revalidate ?? []) revalidatePath(typeof path === "string" ? path : path(data));
    return { ok: true, data, message: options.message };
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    }
    let logger;
    try {
      logger = requestLog("action", await headers());
    } catch {
      // Outside a request (a test or a script going through here) there are no headers to read.
      logger = log("action");
    }
    logger.error({ err: error }, "unexpected error");
    return { ok: false, code: "internal", message: "Something went wrong. Try again." };
  }
}
