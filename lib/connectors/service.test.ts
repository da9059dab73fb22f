import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, connectors, pushRules } from "@/db/schema";
import type { Ctx } from "@/lib/auth/actor";
import { ConflictError, DomainError, ForbiddenError, ValidationError } from "@/lib/errors";
import { useTestDatabase } from "@/test/support/db";
import { makeProgram, unique } from "@/test/support/factories";
import { useRoles } from "@/test/support/roles";
import { getConnectorView, listConnectors, loadConnectorSecrets, toConnectorView } from "./queries";
import { generateWebhookSecret, isStandardWebhooksSecret } from "./secrets";
import {
  createConnector,
  deleteConnector,
  revealSecret,
  rotateSecret,
  setActive,
  updateGeneral,
  updateGlobalVariables,
} from "./service";

const database = useTestDatabase();
const roles = useRoles(database);

const SECRET = "typed-secret-value-0123456789";
const AUTH_VALUE = "Bearer auth-value-that-is-secret";
const CUSTOM_VALUE = "custom-header-value-that-is-secret";

async function newConnector(ctx: Ctx = roles.admin) {
  return createConnector(ctx, { name: unique("Connector") });
}

function globals(connectorId: string, overrides: Record<string, unknown> = {}) {
  return {
    connectorId,
    notificationUrl: "https://receiver.example/hook",
    secret: SECRET,
    authHeaderName: "Authorization",
    authHeaderValue: AUTH_VALUE,
    customHeaders: [{ name: "X-Tenant", value: CUSTOM_VALUE }],
    signatureScheme: "qualifio",
    timeoutMs: 10_000,
    ...overrides,
  };
}

async function rowOf(id: string) {
  const [row] = await database().db.select().from(connectors).where(eq(connectors.id, id));
  return row!;
}

async function auditOf(id: string) {
  return database().db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.at);
}

/** The field errors a rejected call carried. */
async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).fieldErrors ?? {};
}

describe("createConnector", () => {
  it("creates an inactive connector without a URL and audits it", async () => {
    const name = unique("Shop CRM");
    const { id } = await createConnector(roles.admin, { name: `  ${name}  ` });
    const row = await rowOf(id);
    expect(row).toMatchObject({ name, active: false, notificationUrl: null, createdBy: roles.admin.actor.id });
    const [entry] = await auditOf(id);
    expect(entry).toMatchObject({ action: "connector.created", actorId: roles.admin.actor.id });
    expect(entry?.changes).toMatchObject({ name: { before: null, after: name } });
  });

  it("refuses an empty, too long or multi-line name", async () => {
    expect(await fieldErrors(createConnector(roles.admin, { name: "  " }))).toEqual({ name: ["Enter a name."] });
    expect(await fieldErrors(createConnector(roles.admin, { name: "x".repeat(101) }))).toEqual({
      name: ["Use at most 100 characters."],
    });
    expect((await fieldErrors(createConnector(roles.admin, { name: "a\nb" }))).name).toBeDefined();
    await expect(createConnector(roles.admin, { name: "x".repeat(100) })).resolves.toBeDefined();
  });

  it("refuses a duplicate name whatever its case, as a field error", async () => {
    const name = unique("Duplicate");
    await createConnector(roles.admin, { name });
    const promise = createConnector(roles.admin, { name: name.toUpperCase() });
    await expect(promise).rejects.toBeInstanceOf(ConflictError);
    expect(await fieldErrors(createConnector(roles.admin, { name: name.toUpperCase() }))).toEqual({
      name: ["A connector with this name already exists."],
    });
  });
});

describe("updateGeneral", () => {
  it("renames and describes, auditing before and after", async () => {
    const { id } = await newConnector();
    const name = unique("Renamed");
    await updateGeneral(roles.admin, { connectorId: id, name, description: "Sends points to the CRM." });
    expect(await rowOf(id)).toMatchObject({ name, description: "Sends points to the CRM." });
    const entry = (await auditOf(id)).at(-1);
    expect(entry?.action).toBe("connector.updated");
    expect(entry?.changes).toMatchObject({ name: { after: name }, description: { before: "", after: "Sends points to the CRM." } });
  });

  it("refuses a name taken by another connector and a too long description", async () => {
    const taken = await newConnector();
    const { id } = await newConnector();
    const takenName = (await rowOf(taken.id)).name;
    expect(await fieldErrors(updateGeneral(roles.admin, { connectorId: id, name: takenName.toLowerCase() }))).toEqual({
      name: ["A connector with this name already exists."],
    });
    expect(
      (await fieldErrors(updateGeneral(roles.admin, { connectorId: id, name: "ok", description: "x".repeat(501) }))).description,
    ).toEqual(["Use at most 500 characters."]);
  });
});

describe("updateGlobalVariables validation", () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await newConnector());
  });

  it.each([
    ["receiver.example/hook", "Enter an absolute URL, such as https://example.com/webhooks."],
    ["/relative/path", "Enter an absolute URL, such as https://example.com/webhooks."],
    ["ftp://receiver.example/hook", "Use an http:// or https:// URL."],
    ["javascript:alert(1)", "Use an http:// or https:// URL."],
    ["https://user:pass@receiver.example/hook", "Remove the user name and password from the URL; send credentials with Header name and Header value."],
    ["https://token@receiver.example/hook", "Remove the user name and password from the URL; send credentials with Header name and Header value."],
    [`https://receiver.example/${"a".repeat(2049 - 25)}`, "Use at most 2,048 characters."],
    ["https://receiver.example/a\r\nX-Injected: 1", "The URL cannot contain spaces or line breaks."],
  ])("refuses the notification URL %#", async (url, message) => {
    expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { notificationUrl: url })))).toEqual({
      notificationUrl: [message],
    });
  });

  it("accepts a URL of exactly 2,048 characters", async () => {
    const url = `https://receiver.example/${"a".repeat(2048 - 25)}`;
    expect(url).toHaveLength(2048);
    await expect(updateGlobalVariables(roles.admin, globals(id, { notificationUrl: url }))).resolves.toEqual({ id });
  });

  it.each(["Content-Type", "content-length", "HOST", "User-Agent", "X-Qualifio-Signature", "x-qualifio-anything", "Webhook-Id", "WEBHOOK-SIGNATURE"])(
    "refuses the reserved header name %s for the auth header and for custom headers",
    async (name) => {
      const message = `${name} is set by the hub itself; choose another header.`;
      expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { authHeaderName: name })))).toEqual({
        authHeaderName: [message],
      });
      expect(
        await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { customHeaders: [{ name, value: "v" }] }))),
      ).toEqual({ "customHeaders.0.name": [message] });
    },
  );

  it.each(["X Tenant", "X-Tenant:", "Tenant\u00e9", "(comment)", "X-Api_Key.v2", "X-`touch$IFS'pwned'`", "X-$(id)", "X-'q'"])(
    "refuses %j for the auth header and for custom headers: only letters, digits and hyphens",
    async (name) => {
      const message = ["Use only letters, digits and hyphens (-) in a header name."];
      expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { authHeaderName: name })))).toEqual({ authHeaderName: message });
      expect(
        await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { customHeaders: [{ name, value: "v" }] }))),
      ).toEqual({ "customHeaders.0.name": message });
    },
  );

  it("accepts names such as X-Api-Key-V2 and Authorization", async () => {
    await expect(
      updateGlobalVariables(roles.admin, globals(id, { customHeaders: [{ name: "X-Api-Key-V2", value: "k" }] })),
    ).resolves.toEqual({ id });
  });

  it("refuses CR or LF in any header value", async () => {
    const message = ["Header values cannot contain line breaks."];
    expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { authHeaderValue: "Bearer a\r\nHost: evil" })))).toEqual({
      authHeaderValue: message,
    });
    expect(
      await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { customHeaders: [{ name: "X-A", value: "a\nb" }] }))),
    ).toEqual({ "customHeaders.0.value": message });
  });

  it("refuses a custom header repeating another header, and a header without its other half", async () => {
    expect(
      await fieldErrors(
        updateGlobalVariables(
          roles.admin,
          globals(id, { customHeaders: [{ name: "authorization", value: "x" }, { name: "X-A", value: "1" }, { name: "x-a", value: "2" }] }),
        ),
      ),
    ).toEqual({ "customHeaders.0.name": ["authorization is already set above."], "customHeaders.2.name": ["x-a is already set above."] });
    const fresh = await newConnector();
    expect(
      await fieldErrors(updateGlobalVariables(roles.admin, globals(fresh.id, { authHeaderName: "Authorization", authHeaderValue: "" }))),
    ).toEqual({ authHeaderValue: ["Enter the header value."] });
    expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(fresh.id, { authHeaderName: "", authHeaderValue: "x" })))).toEqual({
      authHeaderName: ["Enter the header name this value belongs to."],
    });
    expect(
      await fieldErrors(updateGlobalVariables(roles.admin, globals(fresh.id, { customHeaders: [{ name: "X-A", value: "" }] }))),
    ).toEqual({ "customHeaders.0.value": ["Enter a value."] });
  });

  it("refuses a secret shorter than 16 characters and a timeout out of range", async () => {
    expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { secret: "too-short-secret".slice(1) })))).toEqual({
      secret: ["Use at least 16 characters."],
    });
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { timeoutMs: 999 })))).timeoutMs).toEqual([
      "Use at least 1,000 ms.",
    ]);
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { timeoutMs: "30001" })))).timeoutMs).toEqual([
      "Use at most 30,000 ms.",
    ]);
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { signatureScheme: "hmac" })))).signatureScheme).toEqual([
      "Choose a signature scheme.",
    ]);
  });

  it("keeps the in-flight cap within 10 and takes an optional rate limit", async () => {
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { maxInFlight: 11 })))).maxInFlight).toEqual(["Use at most 10."]);
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { rateLimitPerSecond: "0" })))).rateLimitPerSecond).toEqual([
      "Use at least 1, or leave it blank.",
    ]);
    await updateGlobalVariables(roles.admin, globals(id, { maxInFlight: "3", rateLimitPerSecond: "5" }));
    let [row] = await roles.admin.db.select().from(connectors).where(eq(connectors.id, id));
    expect(row).toMatchObject({ maxInFlight: 3, rateLimitPerSecond: 5 });
    await updateGlobalVariables(roles.admin, globals(id, { maxInFlight: "3", rateLimitPerSecond: "" }));
    [row] = await roles.admin.db.select().from(connectors).where(eq(connectors.id, id));
    expect(row?.rateLimitPerSecond).toBeNull();
  });

  it("needs a whsec_ secret for Standard Webhooks, which a generated secret is", async () => {
    const fresh = await newConnector();
    expect(await fieldErrors(updateGlobalVariables(roles.admin, globals(fresh.id, { signatureScheme: "qualifio+standard" })))).toEqual({
      secret: ["Standard Webhooks needs a whsec_ secret (base64, 24–64 bytes): generate one."],
    });
    const generated = generateWebhookSecret();
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(isStandardWebhooksSecret(generated)).toBe(true);
    await updateGlobalVariables(roles.admin, globals(fresh.id, { signatureScheme: "qualifio+standard", secret: generated }));
    expect((await loadConnectorSecrets(database().db, fresh.id)).secret).toBe(generated);
    expect((await rowOf(fresh.id)).secretHint).toBe(`whsec_…${generated.slice(-4)}`);
  });

  it("writes nothing when any field is refused", async () => {
    const fresh = await newConnector();
    const before = await rowOf(fresh.id);
    await expect(updateGlobalVariables(roles.admin, globals(fresh.id, { timeoutMs: 50 }))).rejects.toBeInstanceOf(ValidationError);
    expect(await rowOf(fresh.id)).toEqual(before);
    expect(await auditOf(fresh.id)).toHaveLength(1);
  });
});

describe("secrets at rest", () => {
  it("stores the secret, the auth header value and custom header values only encrypted", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const row = await rowOf(id);
    const stored = JSON.stringify(row);
    for (const value of [SECRET, AUTH_VALUE, CUSTOM_VALUE, "auth-value-that", "custom-header-value"]) {
      expect(stored).not.toContain(value);
    }
    expect(row.secretEncrypted).toMatch(/^v2\./);
    expect(row.customHeaderNames).toEqual(["X-Tenant"]);
    expect(row.secretHint).toBe("…6789");
    expect(await loadConnectorSecrets(database().db, id)).toEqual({
      secret: SECRET,
      previousSecret: null,
      authHeader: { name: "Authorization", value: AUTH_VALUE },
      customHeaders: [{ name: "X-Tenant", value: CUSTOM_VALUE }],
    });
  });

  it("keeps the stored secret and auth header value when the form leaves them blank", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const before = await rowOf(id);
    await updateGlobalVariables(roles.admin, globals(id, { secret: "", authHeaderValue: "", timeoutMs: 15_000 }));
    const after = await rowOf(id);
    expect(after.timeoutMs).toBe(15_000);
    expect(after.secretEncrypted).toBe(before.secretEncrypted);
    expect(after.authHeaderValueEncrypted).toBe(before.authHeaderValueEncrypted);
    expect((await loadConnectorSecrets(database().db, id)).authHeader).toEqual({ name: "Authorization", value: AUTH_VALUE });
  });

  it("removes the auth header and custom headers when cleared", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await updateGlobalVariables(roles.admin, globals(id, { authHeaderName: "", authHeaderValue: "", customHeaders: [] }));
    const row = await rowOf(id);
    expect(row).toMatchObject({ authHeaderName: null, authHeaderValueEncrypted: null, customHeadersEncrypted: null, customHeaderNames: [] });
  });

  it("audits changes with every secret value redacted", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await rotateSecret(roles.admin, { connectorId: id });
    await revealSecret(roles.admin, { connectorId: id });
    const entries = await auditOf(id);
    const update = entries.find((e) => e.action === "connector.updated");
    expect(update?.changes).toMatchObject({
      notificationUrl: { before: null, after: "https://receiver.example/hook" },
      secret: { before: null, after: "[redacted]" },
      authHeaderName: { before: null, after: "Authorization" },
      authHeaderValue: { before: null, after: "[redacted]" },
      customHeaderNames: { before: [], after: ["X-Tenant"] },
      customHeaders: { before: null, after: "[redacted]" },
    });
    expect(entries.map((e) => e.action)).toEqual([
      "connector.created",
      "connector.updated",
      "connector.secret_rotated",
      "connector.secret_revealed",
    ]);
    const { secret: current } = await loadConnectorSecrets(database().db, id);
    const all = JSON.stringify(entries);
    for (const value of [SECRET, AUTH_VALUE, CUSTOM_VALUE, current!]) expect(all).not.toContain(value);
  });

  it("opens a stored value only in its own row and column", async () => {
    const { id: source } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(source));
    const sealed = await rowOf(source);
    const { id: target } = await newConnector();
    await database().db.update(connectors).set({ secretEncrypted: sealed.secretEncrypted }).where(eq(connectors.id, target));
    await expect(loadConnectorSecrets(database().db, target)).rejects.toThrow(/moved from another row or column/);
    // The auth header value put where the secret goes would otherwise be revealed, or sign requests.
    await database().db.update(connectors).set({ secretEncrypted: sealed.authHeaderValueEncrypted }).where(eq(connectors.id, source));
    await expect(revealSecret(roles.admin, { connectorId: source })).rejects.toThrow(/moved from another row or column/);
  });
});

describe("views by role", () => {
  it("gives a roles.marketer no secret, hint or header value, and an roles.admin only custom header values", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const forMarketer = await getConnectorView(database().db, id, "marketer");
    const marketerJson = JSON.stringify(forMarketer);
    for (const value of [SECRET, AUTH_VALUE, CUSTOM_VALUE, "6789", "v1."]) expect(marketerJson).not.toContain(value);
    expect(forMarketer).toMatchObject({
      secret: { set: true, hint: null },
      authHeader: { name: "Authorization", hasValue: true },
      customHeaders: [{ name: "X-Tenant", value: null }],
    });

    const forAdmin = await getConnectorView(database().db, id, "admin");
    const adminJson = JSON.stringify(forAdmin);
    for (const value of [SECRET, AUTH_VALUE, "v1."]) expect(adminJson).not.toContain(value);
    expect(forAdmin).toMatchObject({ secret: { set: true, hint: "…6789" }, customHeaders: [{ name: "X-Tenant", value: CUSTOM_VALUE }] });
  });

  it("lists live connectors by name with the URL's host only", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id, { notificationUrl: "https://hooks.example:8443/in?token=abc" }));
    const item = (await listConnectors(database().db)).find((c) => c.id === id);
    expect(item).toMatchObject({ notificationHost: "hooks.example:8443", active: false });
    expect(JSON.stringify(item)).not.toContain("token=abc");
  });

  it("returns null for an unknown or malformed id", async () => {
    expect(await getConnectorView(database().db, "not-a-uuid", "admin")).toBeNull();
    expect(await getConnectorView(database().db, "00000000-0000-4000-8000-000000000000", "admin")).toBeNull();
  });
});

describe("setActive", () => {
  it("refuses to activate without a notification URL", async () => {
    const { id } = await newConnector();
    await expect(setActive(roles.admin, { connectorId: id, active: true })).rejects.toThrow(
      "Add a valid notification URL on the Global variables tab before turning this connector on.",
    );
    expect((await rowOf(id)).active).toBe(false);
  });

  it("activates, clearing an automatic turn-off, and deactivates, auditing both", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await database()
      .db.update(connectors)
      .set({ disabledReason: "Every delivery failed for 5 days", disabledAt: new Date(), failingSince: new Date() })
      .where(eq(connectors.id, id));
    await setActive(roles.admin, { connectorId: id, active: true });
    expect(await rowOf(id)).toMatchObject({ active: true, disabledReason: null, disabledAt: null, failingSince: null });
    await setActive(roles.admin, { connectorId: id, active: false });
    expect((await rowOf(id)).active).toBe(false);
    const actions = (await auditOf(id)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["connector.activated", "connector.deactivated"]);
  });

  it("keeps an active connector's URL from being removed", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await setActive(roles.admin, { connectorId: id, active: true });
    expect((await fieldErrors(updateGlobalVariables(roles.admin, globals(id, { notificationUrl: "" })))).notificationUrl).toEqual([
      "An active connector needs a notification URL. Turn it off first to remove it.",
    ]);
  });
});

describe("rotateSecret and revealSecret", () => {
  it("keeps the previous secret valid for the overlap window only", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const started = Date.now();
    const { secret, previousSecretExpiresAt } = await rotateSecret(roles.admin, { connectorId: id, overlapHours: 2 });
    expect(isStandardWebhooksSecret(secret)).toBe(true);
    expect(previousSecretExpiresAt.getTime()).toBeGreaterThanOrEqual(started + 2 * 3_600_000);
    expect(previousSecretExpiresAt.getTime()).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);

    const row = await rowOf(id);
    expect(row.previousSecretExpiresAt?.getTime()).toBe(previousSecretExpiresAt.getTime());
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain(secret);
    const during = await loadConnectorSecrets(database().db, id);
    expect(during).toMatchObject({ secret, previousSecret: SECRET });
    const after = await loadConnectorSecrets(database().db, id, new Date(previousSecretExpiresAt.getTime() + 1));
    expect(after).toMatchObject({ secret, previousSecret: null });
    expect((await revealSecret(roles.admin, { connectorId: id })).secret).toBe(secret);
  });

  it("defaults to a 24 h overlap and refuses one outside 1–168 hours", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const { previousSecretExpiresAt } = await rotateSecret(roles.admin, { connectorId: id });
    expect(previousSecretExpiresAt.getTime() - Date.now()).toBeGreaterThan(24 * 3_600_000 - 5_000);
    expect((await fieldErrors(rotateSecret(roles.admin, { connectorId: id, overlapHours: 0 }))).overlapHours).toBeDefined();
    expect((await fieldErrors(rotateSecret(roles.admin, { connectorId: id, overlapHours: 169 }))).overlapHours).toEqual([
      "Use at most 168 hours (7 days).",
    ]);
  });

  it("replacing the secret ends any overlap at once", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await rotateSecret(roles.admin, { connectorId: id });
    const replacement = "a-replacement-secret-value";
    await updateGlobalVariables(roles.admin, globals(id, { secret: replacement }));
    expect(await loadConnectorSecrets(database().db, id)).toMatchObject({ secret: replacement, previousSecret: null });
  });

  it("cannot rotate or reveal a secret that was never set", async () => {
    const { id } = await newConnector();
    expect((await fieldErrors(rotateSecret(roles.admin, { connectorId: id }))).secret).toEqual(["Save a webhook secret before rotating it."]);
    await expect(revealSecret(roles.admin, { connectorId: id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("deleteConnector", () => {
  it("keeps the row, turns it off, removes its push rules and frees its name", async () => {
    const { id } = await newConnector();
    const other = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await setActive(roles.admin, { connectorId: id, active: true });
    const program = await makeProgram(database().db);
    await database()
      .db.insert(pushRules)
      .values([
        { programId: program.id, eventType: "points.earned", connectorId: id },
        { programId: program.id, eventType: "level.changed", connectorId: id },
        { programId: program.id, eventType: "points.earned", connectorId: other.id },
      ]);

    await deleteConnector(roles.admin, { connectorId: id });
    const row = await rowOf(id);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.active).toBe(false);
    const rules = await database().db.select().from(pushRules).where(eq(pushRules.programId, program.id));
    expect(rules.map((r) => r.connectorId)).toEqual([other.id]);
    expect(await getConnectorView(database().db, id, "admin")).toBeNull();
    expect((await listConnectors(database().db)).map((c) => c.id)).not.toContain(id);
    const entry = (await auditOf(id)).at(-1);
    expect(entry).toMatchObject({ action: "connector.deleted" });
    expect(entry?.changes).toMatchObject({ pushRules: { before: 2, after: 0 } });

    await expect(createConnector(roles.admin, { name: row.name })).resolves.toBeDefined();
    await expect(setActive(roles.admin, { connectorId: id, active: true })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("role refusals", () => {
  it("refuses every write verb and reveal to a roles.marketer, changing nothing", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    const before = await rowOf(id);
    const attempts = [
      () => createConnector(roles.marketer, { name: unique("Marketer") }),
      () => updateGeneral(roles.marketer, { connectorId: id, name: "Hijacked" }),
      () => updateGlobalVariables(roles.marketer, globals(id, { notificationUrl: "https://evil.example/" })),
      () => setActive(roles.marketer, { connectorId: id, active: true }),
      () => rotateSecret(roles.marketer, { connectorId: id }),
      () => revealSecret(roles.marketer, { connectorId: id }),
      () => deleteConnector(roles.marketer, { connectorId: id }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError);
    expect(await rowOf(id)).toEqual(before);
    const byMarketer = await database().db.select().from(auditLog).where(and(eq(auditLog.actorId, roles.marketer.actor.id)));
    expect(byMarketer).toHaveLength(0);
  });

  it("builds a roles.marketer view from a row with every secret set", async () => {
    const { id } = await newConnector();
    await updateGlobalVariables(roles.admin, globals(id));
    await rotateSecret(roles.admin, { connectorId: id });
    const view = toConnectorView(await rowOf(id), "marketer");
    expect(view.secret.previousExpiresAt).toBeInstanceOf(Date);
    expect(JSON.stringify(view)).not.toMatch(/v1\.|secret-value|auth-value|custom-header-value/);
  });
});
