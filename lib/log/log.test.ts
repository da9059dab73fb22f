import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { REDACTED } from "@/lib/redacted";
import { CENSOR, createLogger, loggedPath, requestId } from "./core.mjs";
import { appLogger } from "./index";

/** A real stream (pino-pretty pipes into one) that keeps each line written to it. */
function sink() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

const production = {
  NODE_ENV: "production",
  AUTH_SECRET: "a".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
} as const;

describe("the logger", () => {
  it("censors secrets at the known paths, at the top level and nested, and in child bindings", () => {
    const { lines, destination } = sink();
    const logger = createLogger({ level: "info", destination });
    logger.info(
      {
        req: { method: "POST", url: "/api/v1/events", headers: { authorization: "Bearer ihk_header", cookie: "authjs.session-token=c00kie", "x-api-key": "xk" } },
        connector: { secret: "whsec_s3cret", previousSecret: "old-s3cret", authHeaderValue: "Bearer auth-v4lue", customHeaders: [{ name: "X-Tenant" }] },
        apiKey: "ihk_top",
        user: { password: "pa55word" },
      },
      "something happened",
    );
    logger.child({ token: "t0ken" }).warn("from a child");
    const text = lines.join("\n");
    for (const secret of ["ihk_header", "c00kie", "xk", "whsec_s3cret", "old-s3cret", "auth-v4lue", "ihk_top", "pa55word", "t0ken"]) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first.req.headers).toEqual({ authorization: CENSOR, cookie: CENSOR, "x-api-key": CENSOR });
    expect(first.connector).toMatchObject({ secret: CENSOR, authHeaderValue: CENSOR, customHeaders: [{ name: "X-Tenant" }] });
    expect(first.req.method).toBe("POST");
    expect(second).toMatchObject({ token: CENSOR, msg: "from a child" });
  });

  it("keeps a test inbox's token (the credential to post to it) out of logged paths and requests", () => {
    expect(loggedPath("/api/inbox/AN4-t0ken")).toBe("/api/inbox/[redacted]");
    expect(loggedPath("/api/inbox/AN4-t0ken/more?x=1")).toBe("/api/inbox/[redacted]/more?x=1");
    expect(loggedPath("/api/inbox/")).toBe("/api/inbox/");
    expect(loggedPath("/testing/inbox?inbox=3")).toBe("/testing/inbox?inbox=3");
    const { lines, destination } = sink();
    createLogger({ level: "info", destination }).error({ req: { method: "POST", url: "/api/inbox/AN4-t0ken?a=1", headers: {} } }, "request failed");
    expect(lines.join("\n")).not.toContain("t0ken");
    expect(JSON.parse(lines[0]!).req).toMatchObject({ method: "POST", url: "/api/inbox/[redacted]?a=1" });
  });

  it("censors with the same text as the rest of the hub", () => {
    // core.mjs cannot import lib/redacted.ts (scripts/server.mjs runs it with plain Node).
    expect(CENSOR).toBe(REDACTED);
  });

  it("writes only lines at LOG_LEVEL or above", () => {
    const { lines, destination } = sink();
    const logger = appLogger(parseEnv({ ...production, LOG_LEVEL: "warn" }), destination);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["w", "e"]);

    const quiet = sink();
    const silent = appLogger(parseEnv({ ...production, LOG_LEVEL: "silent" }), quiet.destination);
    silent.error("e");
    expect(quiet.lines).toEqual([]);

    const verbose = sink();
    appLogger(parseEnv({ ...production, LOG_LEVEL: "debug" }), verbose.destination).debug("d");
    expect(verbose.lines).toHaveLength(1);
  });

  it("writes JSON lines in production and readable text in development", () => {
    const json = sink();
    appLogger(parseEnv(production), json.destination).child({ component: "hub" }).info("database ready");
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: 30, component: "hub", msg: "database ready", time: expect.any(String) });

    const text = sink();
    appLogger({ logLevel: "info", isProduction: false }, text.destination).child({ component: "hub" }).info("database ready");
    expect(() => JSON.parse(text.lines[0]!)).toThrow();
    expect(text.lines[0]).toMatch(/INFO.*\[hub\] database ready/);
  });

  it("keeps a safe incoming request id and replaces anything else", () => {
    expect(requestId("abc-123_x.y:z")).toBe("abc-123_x.y:z");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [undefined, "", "a".repeat(129), "has space", "new\nline", "quote\"", ["a", "b"]]) {
      expect(requestId(bad)).toMatch(uuid);
    }
    expect(requestId(undefined)).not.toBe(requestId(undefined));
  });
});
