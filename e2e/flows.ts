import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser, type Page } from "@playwright/test";

/*
 * Screen flows shared by the specs, written the way QA drives the app: by role and label only.
 */

export function uniqueName(prefix: string) {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

/** Set up an integration → Name → the connector page (inactive, no URL yet); returns its id. */
export async function setUpIntegration(page: Page, name: string): Promise<string> {
  await page.goto("/integrations/connectors");
  await page.getByRole("button", { name: "Set up an integration" }).click();
  const dialog = page.getByRole("dialog", { name: "Set up an integration" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const id = /\/integrations\/connectors\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

/** Creates a program through Settings → Programs; the app then opens its page. */
export async function createProgram(page: Page, name: string) {
  await page.goto("/settings/programs");
  await page.getByRole("button", { name: "New program" }).click();
  const dialog = page.getByRole("dialog", { name: "New program" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

export async function openPushRules(page: Page, program: string) {
  await page.goto("/integrations/push-rules");
  const select = page.getByLabel("Program");
  if ((await select.locator("option:checked").textContent()) !== program) {
    await select.selectOption({ label: program });
    await expect(page).toHaveURL(/\?program=/);
  }
  await expect(page.getByRole("heading", { name: `Rules of ${program}` })).toBeVisible();
}

/** Ticks events and one destination, then Add (still unsaved). */
export async function addRules(page: Page, events: string[], connector: string, alsoApplyTo: string[] = []) {
  const eventsGroup = page.getByRole("group", { name: "Events" });
  for (const event of events) await eventsGroup.getByLabel(event, { exact: true }).check();
  await page.getByRole("group", { name: "Push destinations" }).getByLabel(connector, { exact: true }).check();
  for (const program of alsoApplyTo) await page.getByRole("group", { name: "Also apply to" }).getByLabel(program, { exact: true }).check();
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

export async function saveRules(page: Page, toast: string) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(toast)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "No unsaved changes" })).toBeVisible();
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
  const id = await setUpIntegration(page, name);
  await page.getByRole("tab", { name: "Global variables" }).click();
  await page.getByLabel("Notification URL").fill(url);
  if (secret) await page.getByLabel("Webhook secret").fill(secret);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Global variables saved.")).toBeVisible();
  await page.getByRole("switch", { name: "Active" }).click();
  await expect(page.getByText("Saved: the connector is active.")).toBeVisible();
  return id;
}

/** Send test event from the connector's page; returns the delivery id the dialog links to. */
export async function sendTestEvent(page: Page, connectorId: string, event: string, program: string, memberEmail?: string) {
  await page.goto(`/integrations/connectors/${connectorId}`);
  await page.getByRole("button", { name: "Send test event" }).click();
  const dialog = page.getByRole("dialog", { name: "Send test event" });
  await dialog.getByLabel("Event type").selectOption({ label: event });
  await dialog.getByLabel("Program").selectOption({ label: program });
  if (memberEmail) {
    const body = dialog.getByLabel("Body");
    await body.fill((await body.inputValue()).replace("lena.hart@example.com", memberEmail));
  }
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  const link = dialog.getByRole("link", { name: "Open its log entry" });
  await expect(link).toBeVisible();
  const deliveryId = /\/testing\/event-logs\/([0-9a-f-]{36})$/.exec((await link.getAttribute("href")) ?? "")?.[1];
  expect(deliveryId).toBeTruthy();
  return deliveryId!;
}

/** Creates an API key on a program's page and returns the key (shown once). */
export async function createApiKey(page: Page, program: string, label: string) {
  await page.goto("/settings/programs");
  await page.getByRole("link", { name: program, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: program })).toBeVisible();
  await page.getByLabel("Label").fill(label);
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "API key created" });
  const key = await dialog.getByLabel("API key", { exact: true }).inputValue();
  expect(key).toMatch(/^ihk_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  return key;
}
