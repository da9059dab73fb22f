import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { offerPlainIngest, serveIngest } from "@/lib/events/http";
import { wireHeaders } from "@/lib/test-inbox/wire-headers";
import { logSink } from "@/test/support/logs";
import { listenHost, plainHandler, requestListener } from "./server.mjs";

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;

describe("npm start's server", () => {
  it("sends POST /api/v1/events to the app's plain handler once the app has offered it, everything else to Next", () => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("integrations-hub.plain-ingest")];
    expect(plainHandler(request("POST", "/api/v1/events"))).toBeUndefined();

    offerPlainIngest();
    expect(plainHandler(request("POST", "/api/v1/events"))).toBe(serveIngest);
    expect(plainHandler(request("POST", "/api/v1/events?source=crm"))).toBe(serveIngest);
    expect(plainHandler(request("GET", "/api/v1/events"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/v1/events/other"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/v1/eventsx"))).toBeUndefined();
    expect(plainHandler(request("POST", "/api/connectors"))).toBeUndefined();
  });

  it("listens on the loopback interface only outside production, unless HOST or -H says otherwise", () => {
    expect(listenHost(undefined, {}).host).toBe("127.0.0.1");
    expect(listenHost(undefined, { APP_ENV: "development", NODE_ENV: "production" }).host).toBe("127.0.0.1");
    expect(listenHost(undefined, { NODE_ENV: "production" }).host).toBeUndefined();
    expect(listenHost(undefined, { APP_ENV: "production" }).host).toBeUndefined();
    expect(listenHost("0.0.0.0", {}).host).toBe("0.0.0.0");
    expect(listenHost(undefined, {}).reason).toMatch(/HOST=0\.0\.0\.0/);
  });
});

describe("npm start's server: request ids and request lines", () => {
  const plainKey = Symbol.for("integrations-hub.plain-ingest");
  const servers: http.Server[] = [];
  afterEach(async () => {
    delete (globalThis as Record<symbol, unknown>)[plainKey];
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** The server's listener in front of stand-ins for Next and ingest that answer with the request id they were given. */
  async function serve(level: "debug" | "info") {
    const capture = logSink(level);
    const echo = (status: number) => (req: IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(status, { "Content-Type": "text/plain" });
      res.end(String(req.headers["x-request-id"]));
    };
    (globalThis as Record<symbol, unknown>)[plainKey] = async (req: IncomingMessage, res: http.ServerResponse) => echo(202)(req, res);
    const server = http.createServer(requestListener(echo(200), capture.logger));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const request = async (method: string, path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}${path}`, { method, headers });
      return { id: response.headers.get("x-request-id"), seenByApp: await response.text(), status: response.status };
    };
    return { request, lines: capture.lines };
  }

  /** The request line is written when the response closes, just after the client has its answer. */
  async function lineOf(lines: () => Record<string, unknown>[], reqId: string | null) {
    for (let i = 0; i < 50; i++) {
      const line = lines().find((l) => l.reqId === reqId);
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  }

  it("echoes a safe incoming X-Request-Id, passes it to the app, and logs it with the request", async () => {
    const { request, lines } = await serve("info");
    const answer = await request("GET", "/integrations/connectors?tab=general", { "X-Request-Id": "client-id.42" });
    expect(answer).toEqual({ id: "client-id.42", seenByApp: "client-id.42", status: 200 });
    expect(await lineOf(lines, "client-id.42")).toMatchObject({ level: 30, method: "GET", path: "/integrations/connectors", status: 200, ms: expect.any(Number) });
  });

  it("generates an id when the request has none or an unsafe one", async () => {
    const { request, lines } = await serve("info");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const none = await request("GET", "/login");
    const unsafe = await request("GET", "/login", { "X-Request-Id": "x".repeat(200) });
    const injected = await request("GET", "/login", { "X-Request-Id": "a b<script>" });
    for (const answer of [none, unsafe, injected]) {
      expect(answer.id).toMatch(uuid);
      expect(answer.seenByApp).toBe(answer.id);
      expect(await lineOf(lines, answer.id)).toMatchObject({ path: "/login", status: 200 });
    }
    expect(new Set([none.id, unsafe.id, injected.id]).size).toBe(3);
  });

  it("logs a test inbox's request without its token, the credential to post to it", async () => {
    const { request, lines } = await serve("info");
    await request("POST", "/api/inbox/AN4-s3cret-token?x=1", { "X-Request-Id": "inbox-1" });
    const line = await lineOf(lines, "inbox-1");
    expect(line).toMatchObject({ path: "/api/inbox/[redacted]", msg: expect.stringContaining("POST /api/inbox/[redacted] 200") });
    expect(JSON.stringify(lines())).not.toContain("s3cret");
  });

  it("logs ingest requests at debug only, and still gives them an id", async () => {
    const quiet = await serve("info");
    const ingest = await quiet.request("POST", "/api/v1/events", { "X-Request-Id": "ingest-1" });
    expect(ingest).toEqual({ id: "ingest-1", seenByApp: "ingest-1", status: 202 });
    const other = await quiet.request("GET", "/api/health", { "X-Request-Id": "other-1" });
    expect(await lineOf(quiet.lines, other.id)).toBeDefined();
    expect(quiet.lines().some((l) => l.reqId === "ingest-1")).toBe(false);

    const verbose = await serve("debug");
    await verbose.request("POST", "/api/v1/events", { "X-Request-Id": "ingest-2" });
    expect(await lineOf(verbose.lines, "ingest-2")).toMatchObject({ level: 20, method: "POST", path: "/api/v1/events", status: 202 });
  });
});

describe("npm start's server: the client's address", () => {
  it("replaces a client's own X-Forwarded-For with the connection's address unless a trusted proxy is in front", async () => {
    const seen = async (trustedProxyHops: number) => {
      const server = http.createServer(
        requestListener((req, res) => res.end(String(req.headers["x-forwarded-for"])), logSink("info").logger, { trustedProxyHops }),
      );
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/login`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
        return await response.text();
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };
    expect(await seen(0)).toBe("127.0.0.1");
    expect(await seen(1)).toBe("203.0.113.9");
  });
});

describe("npm start's server: a test inbox's headers", () => {
  /** Sends a POST with exactly these headers (node:http adds only Host and Connection) and returns what the inbox would record. */
  async function recorded(path: string, headers: Record<string, string>, trustedProxyHops = 0) {
    // A stand-in for Next: it adds the X-Forwarded-* headers Next adds to a route handler's request.
    const next = (req: IncomingMessage, res: http.ServerResponse) => {
      Object.assign(req.headers, { "x-forwarded-host": "127.0.0.1", "x-forwarded-port": "3000", "x-forwarded-proto": "http" });
      req.headers["x-forwarded-for"] ??= "127.0.0.1";
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string> });
      res.end(JSON.stringify(wireHeaders(request)));
    };
    const server = http.createServer(requestListener(next, logSink("info").logger, { trustedProxyHops }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      return await new Promise<Record<string, string>>((resolve, reject) => {
        const body = '{"event":"points.earned"}';
        const req = http.request({ port, host: "127.0.0.1", path, method: "POST", headers: { ...headers, "Content-Length": String(body.length) } }, (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve(JSON.parse(text)));
        });
        req.on("error", reject);
        req.end(body);
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const sent = {
    "Content-Type": "application/json",
    "User-Agent": "Qualifio-Integrations-Hub/1.0",
    "X-Qualifio-Event": "points.earned",
    "X-Qualifio-Signature": "sha256=abc",
    Authorization: "Bearer k",
  };

  it("records exactly the headers that arrived, none of those the server and Next add", async () => {
    const headers = await recorded("/api/inbox/AN4-token", sent);
    expect(headers).toEqual({
      "content-type": "application/json",
      "user-agent": "Qualifio-Integrations-Hub/1.0",
      "x-qualifio-event": "points.earned",
      "x-qualifio-signature": "sha256=abc",
      authorization: "Bearer k",
      "content-length": "25",
      host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      connection: expect.any(String),
    });
  });

  it("keeps an X-Forwarded-For or X-Request-Id that was on the wire, as it was sent", async () => {
    for (const hops of [0, 1]) {
      const headers = await recorded("/api/inbox/AN4-token", { ...sent, "X-Forwarded-For": "203.0.113.9", "X-Request-Id": "not a safe id" }, hops);
      expect(headers).toMatchObject({ "x-forwarded-for": "203.0.113.9", "x-request-id": "not a safe id" });
      expect(Object.keys(headers).filter((name) => name.startsWith("x-forwarded-"))).toEqual(["x-forwarded-for"]);
    }
  });
});
