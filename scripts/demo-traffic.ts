// `npm run demo:traffic -- --key ihk_… [--url http://localhost:3000] [--rate 2] [--count 100]`
// Plays a small loyalty program (lib/demo/traffic.ts) against a running hub's ingest API.
import { parseArgs } from "node:util";
import { nextEvents, type DemoMember } from "@/lib/demo/traffic";

async function main() {
  const { values } = parseArgs({
    options: {
      key: { type: "string", default: process.env.HUB_API_KEY },
      url: { type: "string", default: process.env.HUB_URL ?? "http://localhost:3000" },
      rate: { type: "string", default: "2" },
      count: { type: "string", default: "60" },
    },
  });
  if (!values.key) {
    console.error("Create an API key in Settings → Programs, then: npm run demo:traffic -- --key ihk_…");
    process.exit(1);
  }
  const rate = Math.max(0.1, Number(values.rate));
  const count = Math.max(1, Number(values.count));
  const endpoint = new URL("/api/v1/events", values.url).toString();
  const members: DemoMember[] = [];
  let sent = 0;
  let failed = 0;

  async function post(body: object) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${values.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status === 202) sent++;
    else {
      failed++;
      const text = await response.text();
      if (response.status === 401) throw new Error(`the hub refused the API key: ${text}`);
      process.stdout.write(`\n${response.status} ${text}\n`);
    }
  }

  for (let i = 0; i < count; i++) {
    const started = Date.now();
    const events = nextEvents(members);
    for (const event of events) await post(event);
    const last = events.at(-1)!.type;
    process.stdout.write(`\r[demo] ${sent} events sent, ${failed} refused, ${members.length} members · last: ${last.padEnd(18)}`);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (Date.now() - started))));
  }
  process.stdout.write(`\n[demo] done: ${sent} events accepted by ${endpoint}\n`);
}

main().catch((error: unknown) => {
  console.error(`\n[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
