// `npm run receiver -- [--port 9000] [--secret <webhook secret>] [--status 204]`
// A local webhook receiver for trying the hub: prints each delivery and checks its signature the
// way a customer's receiver would (HMAC-SHA256 of the exact body bytes).
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9000" },
    secret: { type: "string" },
    status: { type: "string", default: "204" },
  },
});

function verify(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body).digest("hex");
  return header.split(",").some((part) => {
    const got = part.trim().replace(/^sha256=/, "");
    return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
  });
}

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const signature = req.headers["x-qualifio-signature"] as string | undefined;
      const check = values.secret ? (verify(body, signature, values.secret) ? "signature OK" : "SIGNATURE MISMATCH") : "no --secret to check";
      let events: Array<{ type?: string; id?: string }> = [];
      try {
        events = JSON.parse(body.toString("utf8")) as typeof events;
      } catch {
        // not JSON: printed raw below
      }
      console.log(
        `${new Date().toISOString()} ${req.method} ${req.url} delivery=${req.headers["x-qualifio-delivery"] ?? "-"} ` +
          `${Array.isArray(events) ? events.map((e) => `${e.type} ${e.id}`).join(", ") : body.toString("utf8").slice(0, 200)} · ${check}`,
      );
      res.writeHead(Number(values.status)).end();
    });
  })
  .listen(Number(values.port), () => console.log(`[receiver] listening on http://localhost:${values.port}/ (answers ${values.status})`));
