import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ConnectorPage } from "./pages/connector-page";
import { ConnectorsPage } from "./pages/connectors-page";
import { EventLogsPage } from "./pages/event-logs-page";
import { ProgramPage } from "./pages/program-page";
import { ProgramsPage } from "./pages/programs-page";
import { PushRulesPage } from "./pages/push-rules-page";

/*
 * Flows across several screens (each screen's own steps are its page object's, in pages/), and the
 * tools the specs share: a loopback receiver, recorded server actions, the ingest API.
 */

export function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

export type CapturedAction = { url: string; headers: Record<string, string>; body: string };

/**
 * Runs `trigger` and records the server-action request the browser sends. With `block`, the
 * request never reaches the server (for actions whose effect must not happen).
 */
export async function captureServerAction(page: Page, trigger: () => Promise<unknown>, options: { block?: boolean } = {}): Promise<CapturedAction> {
  const isAction = (method: string, headers: Record<string, string>) => method === "POST" && !!headers["next-action"];
  if (options.block) {
    const captured = new Promise<CapturedAction>((resolve) => {
      void page.route("**/*", async (route) => {
        const request = route.request();
        if (!isAction(request.method(), request.headers())) return route.continue();
        resolve({ url: request.url(), headers: request.headers(), body: request.postData() ?? "" });
        await route.abort();
      });
    });
    await trigger();
    return captured;
  }
  const [request] = await Promise.all([page.waitForRequest((r) => isAction(r.method(), r.headers())), trigger()]);
  return { url: request.url(), headers: request.headers(), body: request.postData() ?? "" };
}

/** Sends a recorded server action with another session (the forced request a UI never makes). */
export async function sendServerActionAs(browser: Browser, storageState: string, action: CapturedAction, body = action.body) {
  const context = await browser.newContext({ storageState });
  try {
    const response = await context.request.post(action.url, {
      headers: {
        "next-action": action.headers["next-action"]!,
        "content-type": action.headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      data: body,
    });
    return await response.text();
  } finally {
    await context.close();
  }
}

/**
 * A webhook receiver on loopback for the e2e server to deliver to: /ok answers 200, anything else
 * 500, until `answer(path, status)` says otherwise for a path.
 */
async function startReceiver() {
  const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const answers = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.get(path) ?? (path === "/ok" ? 200 : 500);
      if (status === 204) return res.writeHead(204).end();
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    answer: (path: string, status: number) => void answers.set(path, status),
    close: () => new Promise((r) => server.close(r)),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * A receiver for the enclosing describe: started before its first test (and before the hooks
 * registered after this call), closed after its last.
 */
export function useReceiver(): Omit<Receiver, "close"> {
  let current: Receiver | undefined;
  test.beforeAll(async () => {
    current = await startReceiver();
  });
  test.afterAll(async () => {
    await current?.close();
  });
  const started = () => {
    if (!current) throw new Error("useReceiver: the receiver starts in beforeAll, use it from a hook or a test");
    return current;
  };
  return {
    get received() {
      return started().received;
    },
    url: (path) => started().url(path),
    answer: (path, status) => started().answer(path, status),
  };
}

/** Set up an integration with a notification URL (and optionally a secret) and turn it on; returns its id. */
export async function createActiveConnector(page: Page, name: string, url: string, secret?: string) {
  const id = await new ConnectorsPage(page).create(name);
  const connector = new ConnectorPage(page);
  await connector.fillGlobalVariables({ url, secret });
  await connector.saveGlobalVariables();
  await connector.activate();
  return id;
}

/** A new program with an API key for its backend; returns the key. */
export async function createProgramWithKey(page: Page, program: string, keyLabel: string) {
  await new ProgramsPage(page).create(program);
  return new ProgramPage(page).createApiKey(keyLabel);
}

/** Pushes `events` of `program` to `connector` and saves the rules. */
export async function pushEvents(page: Page, program: string, events: string[], connector: string) {
  const rules = new PushRulesPage(page);
  await rules.goto(program);
  await rules.add(events, connector);
  await rules.save(`Push rules saved: ${events.length} added.`);
}

/**
 * What a program backend needs to reach a receiver: a program and its API key, an active
 * connector to `url`, and a push rule for `events` from one to the other.
 */
export async function wireUp(page: Page, setUp: { program: string; connector: string; url: string; secret?: string; events: string[] }) {
  const key = await createProgramWithKey(page, setUp.program, `${setUp.program} backend`);
  const connectorId = await createActiveConnector(page, setUp.connector, setUp.url, setUp.secret);
  await pushEvents(page, setUp.program, setUp.events, setUp.connector);
  return { key, connectorId };
}

/** POST /api/v1/events with a program's API key (one event or a batch); expects 202 and returns its JSON (a single event's shape). */
export async function ingest(request: APIRequestContext, key: string, events: object | object[]) {
  const response = await request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: events,
  });
  expect(response.status()).toBe(202);
  return (await response.json()) as { id: string; duplicate: boolean };
}

/** Unique names for deliverPointsEarned: "QA" gives "QA Club 1a2b3c4d", "QA CRM …", a secret and a member's email. */
export function pointsEarnedSetUp(prefix: string) {
  const stamp = `${prefix.toLowerCase()}-${Date.now()}`;
  return {
    program: uniqueName(`${prefix} Club`),
    connector: uniqueName(`${prefix} CRM`),
    secret: `${stamp}-secret-long-enough`,
    memberEmail: `${stamp}@e2e.example`,
  };
}

/**
 * From a program backend to a delivery's page: wires `setUp` up to the receiver's /ok, ingests one
 * Points earned event (75 points, balance 975) for `memberEmail`, waits for the receiver to get it
 * and opens its delivery from Testing → Event logs. Returns the event id and the request received.
 */
export async function deliverPointsEarned(
  page: Page,
  receiver: Pick<Receiver, "received" | "url">,
  setUp: { program: string; connector: string; secret: string; memberEmail: string },
) {
  const { key } = await wireUp(page, { ...setUp, url: receiver.url("/ok"), events: ["Points earned"] });
  const { id } = await ingest(page.request, key, {
    type: "points.earned",
    member: { id: `member-${setUp.memberEmail}`, email: setUp.memberEmail },
    data: { points: 75, balance: 975, action: { name: "E2E purchase" } },
  });
  await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
  await new EventLogsPage(page).openFirst(setUp.memberEmail, "Points earned");
  return { eventId: id, received: receiver.received[0]! };
}
