import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { classify, honoursRetryAfter, type AttemptErrorCode } from "./classify";
import { parseRetryAfter } from "./policy";
import { BlockedTargetError, resolveLiteralTarget, resolveTarget, type LookupAll, type ResolvedTarget, type Target } from "./ssrf";

export type AttemptResult = {
  success: boolean;
  status: number | null;
  responseHeaders: Record<string, string> | null;
  /** At most maxResponseBytes of the body, as text. */
  responseBody: string | null;
  responseTruncated: boolean;
  durationMs: number;
  errorCode: AttemptErrorCode | null;
  error: string | null;
  /** The receiver's Retry-After, only for 429 and 503. */
  retryAfter: Date | null;
};

export type SendInput = {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Covers everything: resolving, connecting, TLS, sending and reading the response. */
  timeoutMs: number;
  maxResponseBytes: number;
  allowPrivateTargets: boolean;
  /** OUTBOUND_PROXY_URL: an http:// forward proxy, so receivers see fixed egress addresses. */
  proxyUrl?: string | null;
  lookup?: LookupAll;
  /** Extra CA certificates (PEM) to trust, e.g. for receivers behind an internal PKI. */
  tlsCa?: string | null;
  /** Reuse the connection for later requests to the same checked address (direct sends only). */
  keepAlive?: boolean;
};

type RawResponse = {
  status: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
};

/** What we learnt before a failure, so a timeout while reading the body still shows the status. */
type Progress = { response?: Omit<RawResponse, "body" | "truncated"> };

/**
 * An attempt's time limit: one timer, and whoever waits on it at the moment (resolving, the
 * tunnel, TLS, the exchange: one after the other). It does for an attempt what an AbortController
 * would, at a fraction of the cost on the hot path (no EventTarget, no signal wired into the
 * request).
 */
class Deadline {
  expired = false;
  private waiters: Set<() => void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      const waiters = this.waiters;
      this.waiters = undefined;
      for (const waiter of waiters ?? []) waiter();
    }, ms);
  }

  /** Runs `onExpire` when the time is up (at once if it is); the returned function stops watching. */
  watch(onExpire: () => void): () => void {
    if (this.expired) {
      onExpire();
      return () => {};
    }
    (this.waiters ??= new Set()).add(onExpire);
    return () => this.waiters?.delete(onExpire);
  }

  clear() {
    clearTimeout(this.timer);
  }
}

const aborted = () => new Error("aborted");

/**
 * Sends one webhook POST and describes the outcome. Never throws for network trouble: every
 * failure is an AttemptResult with an errorCode, because a failed attempt is data to record.
 */
export async function sendRequest(input: SendInput): Promise<AttemptResult> {
  const started = performance.now();
  const deadline = new Deadline(input.timeoutMs);
  const progress: Progress = {};
  const elapsed = () => Math.round(performance.now() - started);
  try {
    // A URL with an IP address has nothing to resolve: checked at once (and remembered).
    const target =
      resolveLiteralTarget(input.url, { allowPrivate: input.allowPrivateTargets }) ??
      (await untilExpired(resolveTarget(input.url, { allowPrivate: input.allowPrivateTargets, lookup: input.lookup }), deadline));
    const response = await exchange(target, input, deadline, progress);
    return responseResult(response, elapsed());
  } catch (error) {
    const [errorCode, message] = describeError(error, deadline.expired, input.timeoutMs);
    const seen = progress.response;
    return {
      success: false,
      status: seen?.status ?? null,
      responseHeaders: seen?.headers ?? null,
      responseBody: null,
      responseTruncated: false,
      durationMs: elapsed(),
      errorCode,
      error: message,
      retryAfter: null,
    };
  } finally {
    deadline.clear();
  }
}

function exchange(target: ResolvedTarget, input: SendInput, deadline: Deadline, progress: Progress) {
  if (!input.proxyUrl) return direct(target, input, deadline, progress);
  const proxy = new URL(input.proxyUrl);
  if (proxy.protocol !== "http:") throw new ProxyError(`OUTBOUND_PROXY_URL must be an http:// URL (got ${proxy.protocol}).`);
  return target.url.protocol === "https:"
    ? throughTunnel(target, proxy, input, deadline, progress)
    : throughForwardProxy(target, proxy, input, deadline, progress);
}

function requestHeaders(input: SendInput): Record<string, string> {
  return { ...input.headers, "Content-Length": String(Buffer.byteLength(input.body)) };
}

/**
 * Connects to the address resolveTarget checked, while Host and TLS SNI/certificate checks keep
 * the original name. Letting Node resolve the name again would open a DNS-rebinding window: a
 * hostile resolver could answer "public" for the check and "169.254.169.254" for the connection.
 */
async function direct(target: ResolvedTarget, input: SendInput, deadline: Deadline, progress: Progress) {
  const pinned: net.LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, target.addresses);
    else callback(null, target.address, target.family);
  };
  const transport = target.url.protocol === "https:" ? https : http;
  const send = (reuse: boolean) =>
    readResponse(
      transport.request({
        method: "POST",
        hostname: target.hostname,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        headers: requestHeaders(input),
        lookup: pinned,
        agent: reuse ? keepAliveAgent(target, input) : false,
        ...(input.tlsCa ? { ca: input.tlsCa } : {}),
      }),
      input,
      deadline,
      progress,
    );
  if (!input.keepAlive) return send(false);
  try {
    return await send(true);
  } catch (error) {
    // A pooled connection the receiver closed while idle fails before any response: that request
    // never reached the receiver's application, so it is sent once more, on a new connection.
    if (!(error as { reusedSocket?: boolean }).reusedSocket || progress.response || deadline.expired) throw error;
    return send(false);
  }
}

/*
 * Keep-alive pools, one per (scheme, host name, port, checked address): a pooled connection always
 * goes to an address the SSRF check approved for that name, so reuse cannot skip the check. The
 * pools stay small and idle sockets are closed after a few seconds, before most receivers would
 * close them (Node also honours a receiver's Keep-Alive: timeout hint).
 */
const agents = new Map<string, http.Agent>();
const MAX_AGENTS = 1000;

function keepAliveAgent(target: ResolvedTarget, input: SendInput): http.Agent {
  const key = `${target.url.protocol}//${target.hostname}:${target.port}@${target.address}${input.tlsCa ? `#${input.tlsCa.length}:${input.tlsCa.slice(-32)}` : ""}`;
  let agent = agents.get(key);
  if (!agent) {
    if (agents.size >= MAX_AGENTS) {
      // Bounded: thousands of distinct receivers must not grow the map forever.
      const [oldestKey, oldest] = agents.entries().next().value!;
      oldest.destroy();
      agents.delete(oldestKey);
    }
    // Idle sockets beyond maxFreeSockets are closed when a request ends: it must cover every
    // request in flight to one receiver (several connectors may share it, each up to its cap),
    // or a busy receiver gets a new connection for every few requests.
    const options = { keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 256, timeout: 4000 };
    agent = target.url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every pooled connection (tests, shutdown). */
export function closeIdleConnections() {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * Plain http through the proxy: an absolute-URI request. The proxy connects by name (RFC 9112 makes
 * it rewrite Host from the URI, so the checked IP cannot be used there); the name was checked just
 * before, but only https targets get the full no-rebinding guarantee through a proxy.
 */
function throughForwardProxy(target: Target, proxy: URL, input: SendInput, deadline: Deadline, progress: Progress) {
  const absolute = new URL(target.url);
  absolute.hash = "";
  const req = http.request({
    method: "POST",
    hostname: proxy.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: proxy.port || 80,
    path: absolute.href,
    headers: { ...requestHeaders(input), Host: target.url.host, ...proxyAuthorization(proxy) },
    agent: false,
  });
  return readResponse(req, input, deadline, progress);
}

/** https through the proxy: CONNECT to the checked address, then TLS end to end with the receiver. */
async function throughTunnel(target: ResolvedTarget, proxy: URL, input: SendInput, deadline: Deadline, progress: Progress) {
  const { address } = target;
  const authority = `${net.isIPv6(address) ? `[${address}]` : address}:${target.port}`;
  const tunnel = await openTunnel(proxy, authority, deadline);
  const secure = await startTls(tunnel, target, input, deadline);
  const req = http.request({
    method: "POST",
    path: `${target.url.pathname}${target.url.search}`,
    headers: { ...requestHeaders(input), Host: target.url.host, Connection: "close" },
    createConnection: () => secure,
  });
  try {
    return await readResponse(req, input, deadline, progress);
  } finally {
    // Whatever state the request ended in (even aborted before it took the socket), no tunnel stays open.
    secure.destroy();
    tunnel.destroy();
  }
}

class ProxyError extends Error {
  override name = "ProxyError";
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "Proxy-Authorization": `Basic ${Buffer.from(credentials).toString("base64")}` };
}

function openTunnel(proxy: URL, authority: string, deadline: Deadline): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: "CONNECT",
      hostname: proxy.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: proxy.port || 80,
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    const unwatch = deadline.watch(() => {
      req.destroy();
      reject(aborted());
    });
    req.once("connect", (res, socket) => {
      unwatch();
      // Detached from the CONNECT request, the socket has no error listener left; failures surface
      // through the TLS socket wrapping it, and an unhandled 'error' would crash the process.
      socket.on("error", () => {});
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new ProxyError(`The proxy refused to open a tunnel to ${authority}: HTTP ${res.statusCode}.`));
    });
    req.on("error", (error) => {
      unwatch();
      reject(Object.assign(error, { message: `Proxy ${proxy.host}: ${error.message}` }));
    });
    req.end();
  });
}

function startTls(socket: Duplex, target: Target, input: SendInput, deadline: Deadline): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      // Certificates are checked against the name, whatever address the tunnel goes to.
      host: target.hostname,
      servername: net.isIP(target.hostname) ? undefined : target.hostname,
      ...(input.tlsCa ? { ca: input.tlsCa } : {}),
    });
    // Closing the TLS layer does not close the tunnel beneath it.
    secure.once("close", () => socket.destroy());
    const unwatch = deadline.watch(() => {
      secure.destroy();
      reject(aborted());
    });
    secure.once("secureConnect", () => {
      unwatch();
      resolve(secure);
    });
    secure.on("error", (error) => {
      unwatch();
      secure.destroy();
      reject(error);
    });
  });
}

/**
 * Sends the body and reads the answer. Redirects are never followed: the URL the admin configured
 * is the only place the hub talks to (following would also let a receiver bounce a signed request
 * to an internal address). At most maxResponseBytes are kept, then the connection is dropped, so a
 * receiver streaming gigabytes costs nothing.
 */
function readResponse(req: http.ClientRequest, input: SendInput, deadline: Deadline, progress: Progress): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let unwatch = () => {};
    const settle = (outcome: () => void, reusable = false) => {
      if (settled) return;
      settled = true;
      unwatch();
      outcome();
      // Only a response read to its end leaves a connection fit for the next request (a pooled
      // one goes back to its agent); anything else is closed so nothing lingers.
      if (!reusable) req.destroy();
    };
    // Out of time (now or later): the request is destroyed, whatever it was doing.
    unwatch = deadline.watch(() => settle(() => reject(aborted())));
    if (settled) return;
    req.on("error", (error) => settle(() => reject(Object.assign(error, { reusedSocket: req.reusedSocket }))));
    req.once("response", (res) => {
      const head = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", headers: flattenHeaders(res.headers) };
      progress.response = head;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) =>
        settle(() => resolve({ ...head, body: Buffer.concat(chunks).subarray(0, input.maxResponseBytes), truncated }), !truncated);
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size > input.maxResponseBytes) done(true);
      });
      res.once("end", () => done(false));
      res.on("error", (error) => settle(() => reject(error)));
      res.once("close", () =>
        settle(() => reject(Object.assign(new Error("The receiver closed the connection before the response was complete."), { code: "ECONNRESET" }))),
      );
    });
    req.end(input.body);
  });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** PostgreSQL text cannot hold NUL characters; a binary response must still be recordable. */
function recordableText(body: Buffer): string {
  return body.toString("utf8").replaceAll("\u0000", "\uFFFD");
}

function responseResult(response: RawResponse, durationMs: number): AttemptResult {
  const verdict = classify(response.status);
  const status = `HTTP ${response.status}${response.statusMessage ? ` ${response.statusMessage}` : ""}`;
  const error =
    verdict.errorCode === "redirect"
      ? `${status}: redirect to ${response.headers.location ?? "(no Location header)"} not followed.`
      : verdict.errorCode === "http"
        ? status
        : null;
  return {
    success: verdict.success,
    status: response.status,
    responseHeaders: response.headers,
    responseBody: recordableText(response.body),
    responseTruncated: response.truncated,
    durationMs,
    errorCode: verdict.errorCode,
    error,
    retryAfter: honoursRetryAfter(response.status) ? parseRetryAfter(response.headers["retry-after"], new Date()) : null,
  };
}

const dnsCodes = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA", "ENODATA"]);
const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): [AttemptErrorCode, string] {
  if (timedOut) return ["timeout", `No complete response within ${timeoutMs} ms.`];
  if (error instanceof BlockedTargetError) return ["blocked", error.message];
  const { code, message } = error as { code?: string; message?: string };
  const text = message ?? String(error);
  if (code === "ECONNREFUSED") return ["refused", `Connection refused (${text}).`];
  if (code && dnsCodes.has(code)) return ["dns", `The host name could not be resolved (${text}).`];
  if ((code && tlsCode.test(code)) || /SSL|TLS|certificate/i.test(text)) return ["tls", `TLS error: ${text}`];
  return ["network", code && !text.includes(code) ? `${code}: ${text}` : text];
}

/** Rejects as soon as the deadline passes, for steps (DNS) that cannot be cancelled themselves. */
function untilExpired<T>(promise: Promise<T>, deadline: Deadline): Promise<T> {
  return new Promise((resolve, reject) => {
    const unwatch = deadline.watch(() => reject(aborted()));
    promise.then(resolve, reject).finally(unwatch);
  });
}
