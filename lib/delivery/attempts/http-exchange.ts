import type http from "node:http";
import { aborted, type Deadline } from "./deadline";

/*
 * One HTTP request and its response, whatever the route to the receiver (direct, forward proxy or
 * tunnel): the headers sent, the body written, the answer read up to its cap.
 */

/** What goes on the wire and what may come back, the same on every route. */
export type ExchangeInput = {
  headers: Record<string, string>;
  body: string;
  maxResponseBytes: number;
  /** Extra CA certificates (PEM) to trust, e.g. for receivers behind an internal PKI. */
  tlsCa?: string | null;
};

export type RawResponse = {
  status: number;
  statusMessage: string;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
};

/** What we learnt before a failure, so a timeout while reading the body still shows the status. */
export type Progress = { response?: Omit<RawResponse, "body" | "truncated"> };

export function requestHeaders(input: ExchangeInput): Record<string, string> {
  return { ...input.headers, "Content-Length": String(Buffer.byteLength(input.body)) };
}

/**
 * Sends the body and reads the answer. Redirects are never followed: the URL the admin configured
 * is the only place the hub talks to (following would also let a receiver bounce a signed request
 * to an internal address). At most maxResponseBytes are kept, then the connection is dropped, so a
 * receiver streaming gigabytes costs nothing.
 */
export function readResponse(req: http.ClientRequest, input: ExchangeInput, deadline: Deadline, progress: Progress): Promise<RawResponse> {
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
