import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import tls from "node:tls";
import { aborted, type Deadline } from "./deadline";
import { readResponse, requestHeaders, type ExchangeInput, type Progress } from "./http-exchange";
import type { ResolvedTarget, Target } from "./ssrf";

/*
 * Sending through OUTBOUND_PROXY_URL, an http:// forward proxy, so receivers see fixed egress
 * addresses: plain http as an absolute-URI request, https through a CONNECT tunnel.
 */

class ProxyError extends Error {
  override name = "ProxyError";
}

/** Sends through the proxy at proxyUrl: a tunnel for https targets, an absolute-URI request for http ones. */
export function throughProxy(target: ResolvedTarget, proxyUrl: string, input: ExchangeInput, deadline: Deadline, progress: Progress) {
  const proxy = new URL(proxyUrl);
  if (proxy.protocol !== "http:") throw new ProxyError(`OUTBOUND_PROXY_URL must be an http:// URL (got ${proxy.protocol}).`);
  return target.url.protocol === "https:"
    ? throughTunnel(target, proxy, input, deadline, progress)
    : throughForwardProxy(target, proxy, input, deadline, progress);
}

/**
 * Plain http through the proxy: an absolute-URI request. The proxy connects by name (RFC 9112 makes
 * it rewrite Host from the URI, so the checked IP cannot be used there); the name was checked just
 * before, but only https targets get the full no-rebinding guarantee through a proxy.
 */
function throughForwardProxy(target: Target, proxy: URL, input: ExchangeInput, deadline: Deadline, progress: Progress) {
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
async function throughTunnel(target: ResolvedTarget, proxy: URL, input: ExchangeInput, deadline: Deadline, progress: Progress) {
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

function startTls(socket: Duplex, target: Target, input: ExchangeInput, deadline: Deadline): Promise<tls.TLSSocket> {
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
