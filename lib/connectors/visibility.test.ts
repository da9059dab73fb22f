import { beforeAll, describe, expect, it, vi } from "vitest";
import { curlCommand } from "@/components/deliveries/format";
import type { Db } from "@/db";
import { attempts, type Role } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getDeliveryDetail } from "@/lib/delivery/logs/delivery-queries";
import { BlockedTargetError, resolveTarget } from "@/lib/delivery/attempts/ssrf";
import { csvHeader, csvLines } from "@/lib/delivery/logs/csv";
import { iterateDeliveries, listDeliveries } from "@/lib/delivery/logs/queries";
import { parseEventLogFilters } from "@/lib/delivery/logs/schemas";
import { useTestDatabase } from "@/test/support/db";
import { makeConnector, makeDelivery, makeEvent, makeProgram, makeUser } from "@/test/support/factories";
import { getConnectorView } from "./queries";
import { BLOCKED_TARGET_NOTICE, maskUrl } from "./visibility";

// The route handlers run for real; only the session and the process database are swapped for the test's.
const session = vi.hoisted(() => ({ db: null as Db | null, actor: null as Actor | null }));
vi.mock("@/db", () => ({ getDb: () => session.db }));
vi.mock("@/lib/auth/session", () => ({ currentActor: async () => session.actor }));

const database = useTestDatabase();

/** Slack-style: a credential in the path and another in the query. */
const SECRET_URL = "https://hooks.slack.com/services/T0001/B0002/path-token-Xy12?token=query-token-Zw34";
const SECRET_PARTS = ["/services", "T0001", "path-token-Xy12", "token=", "query-token-Zw34"];
const MASKED = "https://hooks.slack.com/••••";

const REDIRECT_ERROR = `HTTP 301 Moved Permanently: redirect to ${SECRET_URL} not followed.`;

let connectorId: string;
let deliveryId: string;
let redirectedId: string;
let blockedMessage: string;

beforeAll(async () => {
  const db = database().db;
  session.db = db;
  // The guard's own message, as a delivery records it when the host starts resolving to a private address.
  blockedMessage = await resolveTarget(SECRET_URL, { allowPrivate: false, lookup: async () => [{ address: "10.0.0.7", family: 4 }] }).then(
    () => "",
    (error: BlockedTargetError) => error.message,
  );
  expect(blockedMessage).toContain("resolves to 10.0.0.7");

  const program = await makeProgram(db);
  const connector = await makeConnector(db, { notificationUrl: SECRET_URL });
  connectorId = connector.id;
  const delivery = await makeDelivery(db, await makeEvent(db, program.id), connector.id, {
    status: "retrying",
    attemptCount: 3,
    lastError: blockedMessage,
  });
  deliveryId = delivery.id;
  const redirected = await makeDelivery(db, await makeEvent(db, program.id), connector.id, {
    status: "retrying",
    attemptCount: 1,
    lastStatusCode: 301,
    lastError: REDIRECT_ERROR,
  });
  redirectedId = redirected.id;
  const attempt = {
    deliveryId,
    durationMs: 12,
    url: SECRET_URL,
    requestHeaders: { "Content-Type": "application/json", "X-Qualifio-Signature": "[redacted]" },
    requestBody: '[{"type":"points.earned"}]',
    success: false,
  };
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  await db.insert(attempts).values([
    // Receivers repeat the URL: a redirect's Location, an error page naming the path.
    { ...attempt, number: 1, startedAt: at(3), responseStatus: 301, responseHeaders: { location: SECRET_URL }, errorCode: "redirect", error: REDIRECT_ERROR },
    { ...attempt, number: 2, startedAt: at(2), responseStatus: 404, responseBody: `Cannot POST ${new URL(SECRET_URL).pathname}${new URL(SECRET_URL).search}`, errorCode: "http", error: "HTTP 404" },
    { ...attempt, number: 3, startedAt: at(1), errorCode: "blocked", error: blockedMessage },
  ]);
});

async function signInAs(role: Role) {
  session.actor = await makeUser(database().db, role);
}

/** Every surface the notification URL or an attempt's error leaves the server through, as the role receives it. */
async function everything(role: Role) {
  await signInAs(role);
  const db = database().db;
  const filters = parseEventLogFilters({ connector: connectorId });
  const detail = (await getDeliveryDetail(db, deliveryId, role))!;
  const exported: string[] = [csvHeader];
  for await (const rows of iterateDeliveries(db, role, filters)) exported.push(csvLines(rows));

  const { GET: connectorRoute } = await import("@/app/api/connectors/[id]/route");
  const { GET: connectorsRoute } = await import("@/app/api/connectors/route");
  const { GET: logRoute } = await import("@/app/api/event-logs/route");
  const { GET: exportRoute } = await import("@/app/api/event-logs/export/route");
  const api = (path: string) => new Request(`http://hub.test${path}`);
  const responses = await Promise.all([
    connectorRoute(api(`/api/connectors/${connectorId}`), { params: Promise.resolve({ id: connectorId }) }),
    connectorsRoute(api("/api/connectors"), { params: Promise.resolve({}) }),
    logRoute(api(`/api/event-logs?connector=${connectorId}`), { params: Promise.resolve({}) }),
    exportRoute(api(`/api/event-logs/export?connector=${connectorId}`), { params: Promise.resolve({}) }),
  ]);
  for (const response of responses) expect(response.status).toBe(200);
  const [connectorJson, connectorsJson, logJson, csv] = await Promise.all(responses.map((r) => r.text()));

  return {
    connectorPage: JSON.stringify(await getConnectorView(db, connectorId, role)),
    deliveryPage: JSON.stringify(detail),
    curl: detail.attempts.map((a) => curlCommand(a.url, a.requestHeaders, a.requestBody)).join("\n"),
    eventLogPage: JSON.stringify(await listDeliveries(db, role, filters)),
    exported: exported.join(""),
    connectorApi: connectorJson!,
    connectorsApi: connectorsJson!,
    eventLogApi: logJson!,
    exportApi: csv!,
    detail,
  };
}

function lastErrors(eventLogJson: string): Record<string, string | null> {
  const page = JSON.parse(eventLogJson) as { rows: { id: string; lastError: string | null }[] };
  return Object.fromEntries(page.rows.map((row) => [row.id, row.lastError]));
}

describe("maskUrl", () => {
  it("keeps the scheme and host (with its port) and masks the rest", () => {
    expect(maskUrl(SECRET_URL)).toBe(MASKED);
    expect(maskUrl("http://127.0.0.1:9/hook")).toBe("http://127.0.0.1:9/••••");
    expect(maskUrl("https://example.com")).toBe("https://example.com/••••");
    expect(maskUrl("not a url with a secret")).toBe("••••");
  });
});

describe("what a marketer receives", () => {
  it("has scheme and host only, never the URL's path or query, on every surface", async () => {
    const { detail, ...surfaces } = await everything("marketer");
    for (const [surface, text] of Object.entries(surfaces)) {
      for (const part of SECRET_PARTS) expect(text, `${surface} carries ${part}`).not.toContain(part);
    }
    expect(JSON.parse(surfaces.connectorApi)).toMatchObject({ connector: { notificationUrl: MASKED } });
    expect(detail.connector.notificationUrl).toBe(MASKED);
    expect(detail.attempts.map((a) => a.url)).toEqual([MASKED, MASKED, MASKED]);
    expect(detail.attempts.map((a) => [a.responseHeaders, a.responseBody])).toEqual([
      [{ location: MASKED }, null],
      [null, "Cannot POST /••••"],
      [null, null],
    ]);
    expect(surfaces.curl).toContain(`--url '${MASKED}'`);
  });

  it("gets a generic reason for a blocked target, not the address it resolved to", async () => {
    const { detail, ...surfaces } = await everything("marketer");
    for (const [surface, text] of Object.entries(surfaces)) {
      expect(text, `${surface} names the address`).not.toContain("10.0.0.7");
    }
    expect(detail.attempts.map((a) => [a.errorCode, a.error])).toEqual([
      ["redirect", `HTTP 301 Moved Permanently: redirect to ${MASKED} not followed.`],
      ["http", "HTTP 404"],
      ["blocked", BLOCKED_TARGET_NOTICE],
    ]);
    expect(detail.delivery.lastError).toBe(BLOCKED_TARGET_NOTICE);
    expect(lastErrors(surfaces.eventLogApi)).toEqual({
      [deliveryId]: BLOCKED_TARGET_NOTICE,
      [redirectedId]: `HTTP 301 Moved Permanently: redirect to ${MASKED} not followed.`,
    });
    expect(surfaces.exportApi).toContain(BLOCKED_TARGET_NOTICE);
  });
});

describe("what an admin receives", () => {
  it("has the whole URL and the blocked target's detail", async () => {
    const { detail, connectorsApi, ...surfaces } = await everything("admin");
    expect(JSON.parse(surfaces.connectorApi)).toMatchObject({ connector: { notificationUrl: SECRET_URL } });
    expect(JSON.parse(surfaces.connectorPage)).toMatchObject({ notificationUrl: SECRET_URL });
    expect(detail.connector.notificationUrl).toBe(SECRET_URL);
    expect(detail.attempts.map((a) => a.url)).toEqual([SECRET_URL, SECRET_URL, SECRET_URL]);
    expect(detail.attempts[0]!.responseHeaders).toEqual({ location: SECRET_URL });
    expect(surfaces.curl).toContain(`--url '${SECRET_URL}'`);
    // The list of connectors shows the host to everyone; the URL is on the connector's page.
    expect(connectorsApi).not.toContain("path-token-Xy12");

    expect(detail.attempts.map((a) => a.error)).toEqual([REDIRECT_ERROR, "HTTP 404", blockedMessage]);
    expect(detail.delivery.lastError).toBe(blockedMessage);
    expect(lastErrors(surfaces.eventLogApi)).toEqual({ [deliveryId]: blockedMessage, [redirectedId]: REDIRECT_ERROR });
    for (const text of [surfaces.eventLogPage, surfaces.exported, surfaces.exportApi]) expect(text).toContain("resolves to 10.0.0.7");
  });
});
