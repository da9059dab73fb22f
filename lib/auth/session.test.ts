import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import type { Actor } from "@/lib/auth/actor";
import { useTestDatabase } from "@/test/support/db";
import { makeUser } from "@/test/support/factories";
import { currentCtx, requireCtx, requirePermission } from "./session";

// The real session helpers over a real database; only the signed cookie is the test's.
const state = vi.hoisted(() => ({ db: null as Db | null, userId: null as string | null }));
vi.mock("@/db", () => ({ getDb: () => state.db }));
vi.mock("./next-auth", () => ({ auth: async () => (state.userId ? { user: { id: state.userId } } : null) }));

const database = useTestDatabase();
let admin: Actor;
let marketer: Actor;

beforeAll(async () => {
  state.db = database().db;
  admin = await makeUser(state.db, "admin");
  marketer = await makeUser(state.db, "marketer");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** What next/navigation throws to redirect or answer 403, as its digest says. */
async function interruption(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error("expected a redirect or a 403");
    },
    (error: { digest?: string }) => String(error.digest),
  );
}

describe("page contexts", () => {
  it("requireCtx gives any signed-in user the database and the actor, and sends the signed out to the login page", async () => {
    state.userId = marketer.id;
    expect(await requireCtx()).toEqual({ db: state.db, actor: marketer });
    state.userId = null;
    expect(await interruption(requireCtx())).toMatch(/^NEXT_REDIRECT;.*;\/login;/);
  });

  it("requirePermission answers 403 to a role without the permission", async () => {
    // What next.config.ts's experimental.authInterrupts sets in the app's bundles.
    vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
    state.userId = admin.id;
    expect(await requirePermission("audit.read")).toEqual({ db: state.db, actor: admin });
    state.userId = marketer.id;
    expect(await interruption(requirePermission("audit.read"))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;403$/);
  });

  it("currentCtx answers null, never a redirect or a 403, without the session or the permission", async () => {
    state.userId = admin.id;
    expect(await currentCtx("programs.read")).toEqual({ db: state.db, actor: admin });
    state.userId = marketer.id;
    expect(await currentCtx("programs.read")).toEqual({ db: state.db, actor: marketer });
    expect(await currentCtx("audit.read")).toBeNull();
    state.userId = null;
    expect(await currentCtx("programs.read")).toBeNull();
  });
});
