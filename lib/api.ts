import "server-only";
import { NextResponse } from "next/server";
import { getDb } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { DomainError, httpStatus } from "@/lib/errors";
import { requestLog } from "@/lib/log";

export function jsonError(status: number, code: string, message: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ error: { code, message, ...extra } }, { status });
}

/**
 * A session-authenticated JSON route: 401 without a valid session, 403 without the permission,
 * domain errors mapped to their status. The handler never sees an unchecked request.
 */
export function sessionRoute<P>(
  permission: Permission,
  handler: (ctx: Ctx, request: Request, params: P) => Promise<unknown>,
) {
  return async (request: Request, context: { params: Promise<P> }) => {
    const actor = await currentActor();
    if (!actor) return jsonError(401, "unauthenticated", "Sign in to use this endpoint.");
    if (!can(actor.role, permission)) return jsonError(403, "forbidden", "Your role does not allow this.");
    try {
      const body = await handler({ db: getDb(), actor }, request, await context.params);
      return body instanceof Response ? body : NextResponse.json(body);
    } catch (error) {
      if (error instanceof DomainError) {
        return jsonError(httpStatus[error.code], error.code, error.message, error.fieldErrors ? { fields: error.fieldErrors } : undefined);
      }
      requestLog("api", request.headers).error({ err: error }, `unexpected error in ${request.method} ${new URL(request.url).pathname}`);
      return jsonError(500, "internal", "Something went wrong.");
    }
  };
}
