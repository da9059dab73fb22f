import { beforeAll } from "vitest";
import type { Db } from "@/db";
import type { Ctx } from "@/lib/auth/actor";
import { makeCtx } from "./factories";

// Kept apart from factories.ts, which worker processes and the bench load outside Vitest.

/**
 * An admin's and a marketer's context, made once before the file's tests on its test database:
 * `const roles = useRoles(database)`, then `roles.admin` and `roles.marketer` inside the tests.
 */
export function useRoles(database: () => { db: Db }): { admin: Ctx; marketer: Ctx } {
  const roles = {} as { admin: Ctx; marketer: Ctx };
  beforeAll(async () => {
    roles.admin = await makeCtx(database().db, "admin");
    roles.marketer = await makeCtx(database().db, "marketer");
  });
  return roles;
}

/** What a promise rejected with; fails the test when it fulfils. */
export function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}
