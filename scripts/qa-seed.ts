// `npm run qa:seed -- [--url http://127.0.0.1:3000] [--email admin@example.com] [--password …] [--events 300]`
// Builds an exploratory-testing scenario on a running hub (docs/test-inbox.md): programs, connectors on
// test inboxes, push rules, a few hundred events through the ingest API, and a replay.
import { parseArgs } from "node:util";
import type { Scenario } from "@/lib/test-inbox/scenario";
import { scenarioEvent } from "@/lib/test-inbox/scenario-events";

const BATCH = 50;

/** A signed-in admin's cookies: the running hub holds the database, so everything goes through its HTTP API. */
class Session {
  private readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }

  private header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async signIn(email: string, password: string) {
    const csrf = await fetch(new URL("/api/auth/csrf", this.base));
    this.remember(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(new URL("/api/auth/callback/credentials", this.base), {
      method: "POST",
      headers: { cookie: this.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: this.base }),
      redirect: "manual",
    });
    this.remember(response);
    if (![...this.cookies.keys()].some((name) => name.includes("session-token"))) {
      throw new Error(`could not sign in as ${email} at ${this.base}: check --email and --password (an admin's)`);
    }
  }

  async json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(new URL(path, this.base), {
      method: init.method ?? "GET",
      headers: { cookie: this.header(), "content-type": "application/json", accept: "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!response.ok) throw new Error(body?.error?.message ?? `${path} answered ${response.status}`);
    return body as T;
  }
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: process.env.HUB_URL ?? "http://127.0.0.1:3000" },
      email: { type: "string", default: "admin@example.com" },
      password: { type: "string", default: "admin-demo-password" },
      events: { type: "string", default: "300" },
    },
  });
  const base = values.url.replace(/\/$/, "");
  const total = Math.max(10, Math.min(5000, Number(values.events) || 300));
  const hub = new Session(base);
  await hub.signIn(values.email, values.password);

  const scenario = await hub.json<Scenario>("/api/qa/scenario", { method: "POST", body: { step: "build" } });
  console.log(`[qa:seed] made ${scenario.programs.length} programs, ${scenario.connectors.length} connectors and their push rules`);

  // Two thirds to the first program, the rest to the second, through the public ingest API in batches.
  const shares = [Math.ceil((total * 2) / 3), Math.floor(total / 3)];
  let accepted = 0;
  for (const [index, program] of scenario.programs.entries()) {
    const events = Array.from({ length: shares[index] ?? 0 }, (_, n) => scenarioEvent(program, n));
    for (let i = 0; i < events.length; i += BATCH) {
      const response = await fetch(`${base}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${program.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(events.slice(i, i + BATCH)),
      });
      if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
      accepted += Math.min(BATCH, events.length - i);
    }
  }
  console.log(`[qa:seed] ${accepted} events accepted by ${base}/api/v1/events; delivering…`);

  // The flaky inbox answers every third request with a 500; once such an attempt is recorded, Resend it.
  const { replayed } = await until("a failed attempt of the flaky connector", 120_000, async () => {
    try {
      const result = await hub.json<{ replayed: { deliveryId: string; status: string } | null }>("/api/qa/scenario", {
        method: "POST",
        body: { step: "replay" },
      });
      return result.replayed ? result : null;
    } catch (error) {
      // The connector's requests-in-flight cap is full while the backlog drains: Resend says to try again.
      if (error instanceof Error && error.message.includes("Try again")) return null;
      throw error;
    }
  });

  console.log(`[qa:seed] replayed delivery ${replayed!.deliveryId} with Resend; it is now ${replayed!.status}`);
  console.log("");
  console.log("Where to look:");
  console.log(`  Event logs   ${base}/testing/event-logs   successes, retries (the flaky inbox), failures (the retired receiver), the replay`);
  for (const connector of scenario.connectors) {
    const where = connector.inboxId ? `${base}/testing/inbox?inbox=${connector.inboxId}` : connector.url;
    console.log(`  ${connector.name}\n    ${base}/integrations/connectors/${connector.id}\n    ${where}`);
  }
  for (const program of scenario.programs) console.log(`  ${program.name}: API key ${program.apiKey}`);
  console.log("");
  console.log("Retries follow DELIVERY_RETRY_SCHEDULE: with the default (5s, 5m, 30m, …) the retired receiver's");
  console.log("deliveries stay Retrying for hours; start the hub with DELIVERY_RETRY_SCHEDULE=5s,15s to see them Failed within a minute.");
}

main().catch((error: unknown) => {
  console.error(`[qa:seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
