import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { classify, honoursRetryAfter, type AttemptErrorCode } from "./classify";
import { Deadline, untilExpired } from "./deadline";
import { readResponse, requestHeaders, type ExchangeInput, type Progress, type RawResponse } from "./http-exchange";
import { parseRetryAfter } from "./policy";
import { throughProxy } from "./proxy";
import { BlockedTargetError, checkTarget, type LookupAll, type ResolvedTarget } from "./ssrf";

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

/** ExchangeInput (headers, body, maxResponseBytes, tlsCa) and where and how to send it. */
export type SendInput = ExchangeInput & {
  url: string;
  /** Covers everything: resolving, connecting, TLS, sending and reading the response. */
  timeoutMs: number;
  allowPrivateTargets: boolean;
  /** OUTBOUND_PROXY_URL: an http:// forward proxy, so receivers see fixed egress addresses. */
  proxyUrl?: string | null;
  lookup?: LookupAll;
  /** Reuse the connection for later requests to the same checked address (direct sends only). */
  keepAlive?: boolean;
};

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
    const checking = checkTarget(input.url, { allowPrivate: input.allowPrivateTargets, lookup: input.lookup });
    const target = checking instanceof Promise ? await untilExpired(checking, deadline) : checking;
    const response = await (input.proxyUrl
      ? throughProxy(target, input.proxyUrl, input, deadline, progress)
      : direct(target, input, deadline, progress));
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

/**
 * Connects to the address checkTarget checked, while Host and TLS SNI/certificate checks keep
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

