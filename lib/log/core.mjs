// The logger's construction, shared by the app (lib/log/index.ts, inside Next's bundle) and by
// scripts/server.mjs (plain Node, outside it), so both write the same lines with the same redaction.
import { randomUUID } from "node:crypto";
import pino from "pino";
import pretty from "pino-pretty";

// The same text as REDACTED in lib/redacted.ts. scripts/server.mjs loads this file with plain Node,
// which cannot import TypeScript, so the value is repeated here; lib/log/log.test.ts keeps the two equal.
export const CENSOR = "[redacted]";

/** Keys whose values are secrets wherever they appear in a logged object (up to two levels down). */
const SECRET_KEYS = [
  "authorization",
  "cookie",
  "secret",
  "previousSecret",
  "authHeaderValue",
  "apiKey",
  "password",
  "token",
  "authSecret",
  "encryptionKey",
];

const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  // Header names with a hyphen only match in bracket notation.
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
];

/** A test inbox's address (`/api/inbox/<token>`): its token is the credential that lets anyone post to it. */
const INBOX_TOKEN = /(\/api\/inbox\/)[^/?#]+/gi;

/** A request path or URL as it may be logged: a test inbox's token reads `[redacted]`. */
export function loggedPath(path) {
  return path.replace(INBOX_TOKEN, `$1${CENSOR}`);
}

/** pino's request serializer, with the URL as loggedPath writes it. */
function serializeRequest(req) {
  const serialized = pino.stdSerializers.req(req);
  return typeof serialized.url === "string" ? { ...serialized, url: loggedPath(serialized.url) } : serialized;
}

/**
 * A pino logger. JSON lines unless `pretty`; pretty output is formatted in this thread
 * (pino-pretty as a synchronous stream): pino's transports run in worker threads, which Next's
 * bundler does not carry over. `destination` replaces stdout (tests capture lines with it).
 */
export function createLogger({ level, pretty: human = false, destination }) {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: pino.stdSerializers.err, req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const stream = human
    ? pretty({
        sync: true,
        translateTime: "SYS:HH:MM:ss.l",
        ignore: "pid,hostname,component",
        messageFormat: "{if component}[{component}] {end}{msg}",
        ...(destination ? { destination } : {}),
      })
    : destination;
  return stream ? pino(options, stream) : pino(options);
}

/** At most this long, and only these characters, or the incoming X-Request-Id is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a safe token, otherwise a new one. */
export function requestId(incoming) {
  return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
