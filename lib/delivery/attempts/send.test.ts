import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeIdleConnections, sendRequest, type SendInput } from "./send";
import type { LookupAll } from "./ssrf";

type Hit = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
type Receiver = { url: string; port: number; hits: Hit[]; server: http.Server | https.Server; close: () => Promise<void> };

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function listen(server: http.Server | https.Server, hits: Hit[], scheme: "http" | "https"): Promise<Receiver> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    hits,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(receiver);
  return receiver;
}

function recording(handler: Handler, hits: Hit[]): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  };
}

/** A real HTTP receiver on loopback that records every request it gets. */
function receiver(handler: Handler): Promise<Receiver> {
  const hits: Hit[] = [];
  return listen(http.createServer(recording(handler, hits)), hits, "http");
}

const base = {
  headers: { "Content-Type": "application/json", "X-Qualifio-Delivery": "d-1" },
  body: '[{"id":"e-1","type":"points.earned"}]',
  timeoutMs: 3000,
  maxResponseBytes: 65536,
  allowPrivateTargets: true,
} satisfies Partial<SendInput>;

const send = (overrides: Partial<SendInput> & { url: string }) => sendRequest({ ...base, ...overrides });
const pinTo =
  (address: string): LookupAll =>
  async () => [{ address, family: 4 }];

describe("sendRequest over http", () => {
  it("posts the body and headers and reports a 2xx as success", async () => {
    const r = await receiver((_req, res) => res.writeHead(200, { "X-Receiver": "yes" }).end("ok"));
    const result = await send({ url: `${r.url}/hooks?src=hub` });
    expect(result).toMatchObject({
      success: true,
      status: 200,
      responseBody: "ok",
      responseTruncated: false,
      errorCode: null,
      error: null,
      retryAfter: null,
    });
    expect(result.responseHeaders?.["x-receiver"]).toBe("yes");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]).toMatchObject({ method: "POST", url: "/hooks?src=hub", body: base.body });
    expect(r.hits[0]?.headers).toMatchObject({
      "content-type": "application/json",
      "x-qualifio-delivery": "d-1",
      "content-length": String(Buffer.byteLength(base.body)),
    });
  });

  it("keeps connections alive: a second wave of concurrent requests to one receiver opens none", async () => {
    const WAVE = 40;
    const r = await receiver((_req, res) => setTimeout(() => res.writeHead(204).end(), 30));
    let connections = 0;
    r.server.on("connection", () => connections++);
    try {
      const wave = () => Promise.all(Array.from({ length: WAVE }, () => send({ url: r.url, keepAlive: true })));
      expect((await wave()).every((x) => x.success)).toBe(true);
      const first = connections;
      expect(first).toBeGreaterThan(1);
      expect((await wave()).every((x) => x.success)).toBe(true);
      expect(connections).toBe(first);
    } finally {
      closeIdleConnections();
    }
  });

  it("reports a 500 as an http failure with the response recorded", async () => {
    const r = await receiver((_req, res) => res.writeHead(500).end("database down"));
    const result = await send({ url: r.url });
    expect(result).toMatchObject({
      success: false,
      status: 500,
      errorCode: "http",
      error: "HTTP 500 Internal Server Error",
      responseBody: "database down",
    });
  });

  it("times out a receiver that never answers, covering the whole request", async () => {
    const r = await receiver(() => {});
    const result = await send({ url: r.url, timeoutMs: 300 });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "timeout" });
    expect(result.error).toMatch(/300 ms/);
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it("times out a receiver that sends headers and then stalls the body", async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("partial");
    });
    const result = await send({ url: r.url, timeoutMs: 300 });
    expect(result).toMatchObject({ success: false, status: 200, errorCode: "timeout" });
  });

  it("does not follow a redirect and names where it pointed", async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end());
    const r = await receiver((_req, res) => res.writeHead(302, { Location: `${target.url}/elsewhere` }).end());
    const result = await send({ url: r.url });
    expect(result).toMatchObject({ success: false, status: 302, errorCode: "redirect" });
    expect(result.error).toContain(`${target.url}/elsewhere`);
    expect(target.hits).toHaveLength(0);
  });

  it("keeps at most maxResponseBytes of the response and marks it truncated", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end("x".repeat(200_000)));
    const result = await send({ url: r.url, maxResponseBytes: 1024 });
    expect(result).toMatchObject({ success: true, status: 200, responseTruncated: true });
    expect(result.responseBody).toHaveLength(1024);

    const exact = await receiver((_req, res) => res.writeHead(200).end("y".repeat(1024)));
    const whole = await send({ url: exact.url, maxResponseBytes: 1024 });
    expect(whole).toMatchObject({ responseTruncated: false });
    expect(whole.responseBody).toHaveLength(1024);
  });

  it("makes binary responses storable (no NUL characters)", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end(Buffer.from([0x61, 0x00, 0x62])));
    const result = await send({ url: r.url });
    expect(result.responseBody).toBe("a\uFFFDb");
  });

  it("reports a closed port as refused", async () => {
    const r = await receiver(() => {});
    await r.close();
    open.splice(open.indexOf(r), 1);
    const result = await send({ url: r.url });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "refused" });
    expect(result.error).toMatch(/refused/i);
  });

  it("reports a connection dropped mid-response as a network error", async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("short");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await send({ url: r.url });
    expect(result).toMatchObject({ success: false, status: 200, errorCode: "network" });
  });

  it("passes on Retry-After from a 429, and only for 429/503", async () => {
    const r = await receiver((_req, res) => res.writeHead(429, { "Retry-After": "120" }).end());
    const before = Date.now();
    const result = await send({ url: r.url });
    expect(result).toMatchObject({ success: false, status: 429, errorCode: "http" });
    const retryAt = result.retryAfter!.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 120_000);

    const other = await receiver((_req, res) => res.writeHead(500, { "Retry-After": "120" }).end());
    expect((await send({ url: other.url })).retryAfter).toBeNull();
  });

  it("refuses a private target when not allowed, without connecting", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const result = await send({ url: r.url, allowPrivateTargets: false });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "blocked" });
    expect(result.error).toMatch(/127\.0\.0\.1, a loopback address/);
    expect(r.hits).toHaveLength(0);
  });

  it("refuses a name that resolves to a private address", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const result = await send({ url: `http://hooks.example.com:${r.port}/`, allowPrivateTargets: false, lookup: pinTo("127.0.0.1") });
    expect(result).toMatchObject({ errorCode: "blocked" });
    expect(result.error).toMatch(/hooks\.example\.com resolves to 127\.0\.0\.1/);
    expect(r.hits).toHaveLength(0);
  });

  it("connects to the address it checked: the name is resolved exactly once", async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    // A rebinding resolver: the first answer passes the check, later ones point elsewhere.
    const lookup = vi
      .fn<LookupAll>()
      .mockResolvedValueOnce([{ address: "127.0.0.1", family: 4 }])
      .mockResolvedValue([{ address: "10.255.255.1", family: 4 }]);
    const result = await send({ url: `http://receiver.test:${r.port}/in`, lookup, timeoutMs: 1000 });
    expect(result).toMatchObject({ success: true, status: 204 });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]?.headers.host).toBe(`receiver.test:${r.port}`);
  });

  it("reports a name that does not resolve as a DNS error", async () => {
    const lookup: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" });
    };
    const result = await send({ url: "http://nowhere.invalid/", lookup });
    expect(result).toMatchObject({ success: false, errorCode: "dns" });
    expect(result.error).toContain("nowhere.invalid");
  });

  it("times out a name whose lookup never answers", async () => {
    const lookup: LookupAll = () => new Promise(() => {});
    const result = await send({ url: "http://slow-dns.test/", lookup, timeoutMs: 150 });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "timeout" });
    expect(result.durationMs).toBeGreaterThanOrEqual(140);
  });

  it("reports a URL it cannot deliver to as blocked", async () => {
    expect(await send({ url: "ftp://files.example.com/" })).toMatchObject({ errorCode: "blocked" });
    expect(await send({ url: "::not a url" })).toMatchObject({ errorCode: "blocked" });
  });
});

/** A forward proxy on loopback: absolute-URI requests and CONNECT tunnels, resolving names itself. */
async function forwardProxy(hosts: Record<string, string>) {
  const seen: { method: string; target: string; host?: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? "", target: req.url ?? "", host: req.headers.host, auth: req.headers["proxy-authorization"] });
    const url = new URL(req.url ?? "");
    const { "proxy-authorization": _auth, ...headers } = req.headers;
    const upstream = http.request(
      { host: hosts[url.hostname] ?? url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket) => {
    seen.push({ method: "CONNECT", target: req.url ?? "" });
    const [host = "", port = ""] = (req.url ?? "").split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), hosts[host] ?? host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // A tunnel lives and dies with both ends.
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const proxy = await listen(server, [], "http");
  return { ...proxy, seen };
}

/**
 * A proxy whose CONNECT goes nowhere: it never answers (`opens` false), or answers 200 and then
 * nothing comes through the tunnel (a TLS handshake stalls). Notes when the hub closes its end.
 */
async function stallingProxy(opens: boolean) {
  const tunnels: { closedByHub: boolean }[] = [];
  const server = http.createServer();
  server.on("connect", (_req, client: net.Socket) => {
    const tunnel = { closedByHub: false };
    tunnels.push(tunnel);
    if (opens) client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    client.on("end", () => {
      tunnel.closedByHub = true;
      client.destroy();
    });
    client.on("error", () => client.destroy());
    client.resume();
  });
  const proxy = await listen(server, [], "http");
  return { ...proxy, tunnels };
}

describe("sendRequest through OUTBOUND_PROXY_URL", () => {
  it("sends an http target as an absolute-URI request to the proxy", async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end("via proxy"));
    const proxy = await forwardProxy({ "receiver.test": "127.0.0.1" });
    const result = await send({
      url: `http://receiver.test:${r.port}/hook?a=1`,
      proxyUrl: `http://user:p%40ss@127.0.0.1:${proxy.port}`,
      lookup: pinTo("127.0.0.1"),
    });
    expect(result).toMatchObject({ success: true, status: 200, responseBody: "via proxy" });
    expect(proxy.seen).toEqual([
      {
        method: "POST",
        target: `http://receiver.test:${r.port}/hook?a=1`,
        host: `receiver.test:${r.port}`,
        auth: `Basic ${Buffer.from("user:p@ss").toString("base64")}`,
      },
    ]);
    expect(r.hits[0]).toMatchObject({ url: "/hook?a=1", body: base.body });
    expect(r.hits[0]?.headers).not.toHaveProperty("proxy-authorization");
  });

  it("still refuses a private target before asking the proxy", async () => {
    const proxy = await forwardProxy({});
    const result = await send({
      url: "http://internal.example/",
      proxyUrl: proxy.url,
      allowPrivateTargets: false,
      lookup: pinTo("10.0.0.5"),
    });
    expect(result).toMatchObject({ errorCode: "blocked" });
    expect(proxy.seen).toHaveLength(0);
  });

  it.each([
    { stalled: "a proxy that never answers CONNECT, and closes the connection to it", opens: false },
    { stalled: "a TLS handshake that stalls inside the tunnel, closing the tunnel", opens: true },
  ])("times out $stalled", async ({ opens }) => {
    const proxy = await stallingProxy(opens);
    const result = await send({ url: "https://receiver.test/", proxyUrl: proxy.url, lookup: pinTo("127.0.0.1"), timeoutMs: 200 });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "timeout" });
    await vi.waitFor(() => expect(proxy.tunnels).toEqual([{ closedByHub: true }]));
  });

  it("reports an unreachable proxy as refused, naming the proxy", async () => {
    const proxy = await forwardProxy({});
    await proxy.close();
    open.splice(open.indexOf(proxy), 1);
    const result = await send({ url: "https://receiver.test/", proxyUrl: proxy.url, lookup: pinTo("127.0.0.1") });
    expect(result).toMatchObject({ errorCode: "refused" });
    expect(result.error).toContain(`Proxy 127.0.0.1:${proxy.port}`);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)("sendRequest over https", () => {
  let cert = "";
  let key = "";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delivery-tls-"));

  beforeAll(() => {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "2",
        "-subj", "/CN=receiver.test", "-addext", "subjectAltName=DNS:receiver.test",
      ],
      { stdio: "ignore" },
    );
    cert = fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
    key = fs.readFileSync(path.join(dir, "key.pem"), "utf8");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function tlsReceiver(handler: Handler) {
    const hits: Hit[] = [];
    const servernames: (string | false | null)[] = [];
    const server = https.createServer({ cert, key }, recording(handler, hits));
    server.on("secureConnection", (socket) => servernames.push(socket.servername));
    return listen(server, hits, "https").then((r) => ({ ...r, servernames }));
  }

  it("checks the certificate against the name while connecting to the checked address", async () => {
    const r = await tlsReceiver((_req, res) => res.writeHead(200).end("secure"));
    const result = await send({ url: `https://receiver.test:${r.port}/in`, lookup: pinTo("127.0.0.1"), tlsCa: cert });
    expect(result).toMatchObject({ success: true, status: 200, responseBody: "secure" });
    expect(r.servernames).toEqual(["receiver.test"]);
  });

  it("reports an untrusted certificate as a TLS error", async () => {
    const r = await tlsReceiver((_req, res) => res.writeHead(200).end());
    const result = await send({ url: `https://receiver.test:${r.port}/`, lookup: pinTo("127.0.0.1") });
    expect(result).toMatchObject({ success: false, status: null, errorCode: "tls" });
    expect(r.hits).toHaveLength(0);
  });

  it("tunnels https through the proxy with CONNECT to the checked address", async () => {
    const r = await tlsReceiver((_req, res) => res.writeHead(201).end("tunnelled"));
    const proxy = await forwardProxy({});
    const result = await send({
      url: `https://receiver.test:${r.port}/in`,
      proxyUrl: proxy.url,
      lookup: pinTo("127.0.0.1"),
      tlsCa: cert,
    });
    expect(result).toMatchObject({ success: true, status: 201, responseBody: "tunnelled" });
    expect(proxy.seen).toEqual([{ method: "CONNECT", target: `127.0.0.1:${r.port}` }]);
    expect(r.servernames).toEqual(["receiver.test"]);
    expect(r.hits[0]?.headers.host).toBe(`receiver.test:${r.port}`);
  });

  it("reports a proxy that refuses the tunnel", async () => {
    const server = http.createServer();
    server.on("connect", (_req, client: net.Socket) => client.end("HTTP/1.1 403 Forbidden\r\n\r\n"));
    const proxy = await listen(server, [], "http");
    const result = await send({ url: "https://receiver.test/", proxyUrl: proxy.url, lookup: pinTo("127.0.0.1") });
    expect(result).toMatchObject({ success: false, errorCode: "network" });
    expect(result.error).toMatch(/refused to open a tunnel.*403/);
  });
});
