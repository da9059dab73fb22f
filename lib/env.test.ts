import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-env-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const key = Buffer.alloc(32, 7).toString("base64");
const secret = "s".repeat(40);

describe("parseEnv", () => {
  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: "short" })).toThrow(/ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("requires the secrets in production, naming each missing one", () => {
    const attempt = () => parseEnv({ APP_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/ENCRYPTION_KEY: required in production/);
    expect(attempt).not.toThrow(/AUTH_SECRET/);
    const ok = parseEnv({ NODE_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret, ENCRYPTION_KEY: key });
    expect(ok.isProduction).toBe(true);
    expect(ok.seedDemo).toBe(false);
    expect(ok.encryptionKey).toHaveLength(32);
  });

  it("generates local secrets once under DATA_DIR and reuses them", () => {
    const dir = tempDir();
    const first = parseEnv({ DATA_DIR: dir });
    const second = parseEnv({ DATA_DIR: dir });
    expect(first.authSecret).toHaveLength(43);
    expect(second.authSecret).toBe(first.authSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(fs.statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(first.seedDemo).toBe(true);
  });

  it("in production ignores SEED_DEMO (saying so) and refuses INNGEST_DEV", () => {
    const prod = { APP_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret, ENCRYPTION_KEY: key };
    const e = parseEnv({ ...prod, SEED_DEMO: "true" });
    expect(e.seedDemo).toBe(false);
    expect(e.notices.join("\n")).toMatch(/SEED_DEMO=true is ignored in production/);
    expect(() => parseEnv({ ...prod, INNGEST_DEV: "1" })).toThrow(/INNGEST_DEV: not allowed in production/);
    expect(parseEnv({ ...prod, INNGEST_DEV: "0" }).inngest.dev).toBe(false);
    // Outside production both still work.
    const dev = parseEnv({ DATA_DIR: tempDir(), SEED_DEMO: "true", INNGEST_DEV: "1" });
    expect(dev.seedDemo).toBe(true);
    expect(dev.inngest.dev).toBe(true);
    expect(dev.notices).toEqual([]);
  });

  it("APP_ENV overrides NODE_ENV, so `next start` can run the local demo", () => {
    const e = parseEnv({ NODE_ENV: "production", APP_ENV: "development", DATA_DIR: tempDir() });
    expect(e.isProduction).toBe(false);
    expect(e.seedDemo).toBe(true);
  });

  it("treats an empty DATABASE_URL as unset (embedded PGlite)", () => {
    expect(parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });
});

describe("delivery configuration", () => {
  it("takes an http:// outbound proxy only (the delivery code tunnels https targets through it)", () => {
    expect(parseEnv({ DATA_DIR: tempDir(), OUTBOUND_PROXY_URL: "http://proxy.internal:3128" }).delivery.proxyUrl).toBe("http://proxy.internal:3128");
    expect(() => parseEnv({ DATA_DIR: tempDir(), OUTBOUND_PROXY_URL: "https://proxy.internal:3128" })).toThrow(/OUTBOUND_PROXY_URL: must be an http:\/\/ proxy URL/);
  });

  it("has the documented defaults", () => {
    const e = parseEnv({ DATA_DIR: tempDir() });
    expect(e.delivery).toMatchObject({ engine: "local", allowPrivateTargets: true, timeoutMs: 10_000, retentionDays: 30 });
    expect(e.delivery.autoDisableAfterMs).toBe(5 * 86_400_000);
    expect(e.delivery.retryScheduleMs).toBeUndefined();
  });

  it("parses a shortened retry schedule for tests and refuses a bad one", () => {
    const e = parseEnv({ DATA_DIR: tempDir(), DELIVERY_RETRY_SCHEDULE: "100ms, 2s,1m" });
    expect(e.delivery.retryScheduleMs).toEqual([100, 2000, 60_000]);
    expect(() => parseEnv({ DATA_DIR: tempDir(), DELIVERY_RETRY_SCHEDULE: "soon" })).toThrow(/DELIVERY_RETRY_SCHEDULE/);
  });

  it("refuses private targets by default in production only", () => {
    const prod = parseEnv({ APP_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret, ENCRYPTION_KEY: key });
    expect(prod.delivery.allowPrivateTargets).toBe(false);
    const opted = parseEnv({ APP_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret, ENCRYPTION_KEY: key, ALLOW_PRIVATE_TARGETS: "true" });
    expect(opted.delivery.allowPrivateTargets).toBe(true);
  });
});

describe("encryption keys", () => {
  it("has the test inbox on outside production, off in production unless TEST_INBOX=true", () => {
    expect(parseEnv({ DATA_DIR: tempDir() }).testInbox).toBe(true);
    const production = { APP_ENV: "production", DATA_DIR: tempDir(), AUTH_SECRET: secret, ENCRYPTION_KEY: key };
    expect(parseEnv(production).testInbox).toBe(false);
    expect(parseEnv({ ...production, TEST_INBOX: "true" }).testInbox).toBe(true);
    expect(parseEnv({ DATA_DIR: tempDir(), TEST_INBOX: "false" }).testInbox).toBe(false);
  });

  it("knows its own origin: APP_URL, else 127.0.0.1 on PORT", () => {
    expect(parseEnv({ DATA_DIR: tempDir() }).appOrigin).toBe("http://127.0.0.1:3000");
    expect(parseEnv({ DATA_DIR: tempDir(), PORT: "3201" }).appOrigin).toBe("http://127.0.0.1:3201");
    expect(parseEnv({ DATA_DIR: tempDir(), APP_URL: "https://hub.example.com/" }).appOrigin).toBe("https://hub.example.com");
    expect(() => parseEnv({ DATA_DIR: tempDir(), APP_URL: "ftp://hub.example.com" })).toThrow(/APP_URL: must be an http/);
  });

  it("accepts the previous key for reading during a rotation, and refuses a bad or unchanged one", () => {
    const previous = Buffer.alloc(32, 8).toString("base64");
    const e = parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: previous });
    expect(e.previousEncryptionKey?.equals(Buffer.alloc(32, 8))).toBe(true);
    expect(parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: key }).previousEncryptionKey).toBeNull();
    expect(parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: "" }).previousEncryptionKey).toBeNull();
    expect(() => parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: "short" })).toThrow(
      /ENCRYPTION_KEY_PREVIOUS: must be 32 bytes/,
    );
    expect(() => parseEnv({ DATA_DIR: tempDir(), ENCRYPTION_KEY: key, ENCRYPTION_KEY_PREVIOUS: key })).toThrow(
      /ENCRYPTION_KEY_PREVIOUS: must be the key ENCRYPTION_KEY replaces/,
    );
  });
});

describe("sign-in limits", () => {
  it("defaults to 20 attempts a minute per address and no trusted proxy, and refuses bad values", () => {
    expect(parseEnv({ DATA_DIR: tempDir() }).login).toEqual({ attemptsPerMinute: 20, trustedProxyHops: 0 });
    expect(parseEnv({ DATA_DIR: tempDir(), LOGIN_ATTEMPTS_PER_MINUTE: "5", TRUSTED_PROXY_HOPS: "1" }).login).toEqual({
      attemptsPerMinute: 5,
      trustedProxyHops: 1,
    });
    expect(() => parseEnv({ DATA_DIR: tempDir(), LOGIN_ATTEMPTS_PER_MINUTE: "0" })).toThrow(/LOGIN_ATTEMPTS_PER_MINUTE/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});

describe("monitoring", () => {
  it("takes an optional metrics token of 32+ characters and a worker staleness longer than the poll", () => {
    const token = "t".repeat(32);
    expect(parseEnv({ DATA_DIR: tempDir() }).monitoring).toEqual({ metricsToken: undefined, workerStaleMs: 10_000 });
    expect(parseEnv({ DATA_DIR: tempDir(), METRICS_TOKEN: token, HEALTH_WORKER_STALE_MS: "3000" }).monitoring).toEqual({
      metricsToken: token,
      workerStaleMs: 3000,
    });
    // A few polls by default, however slow the poll.
    expect(parseEnv({ DATA_DIR: tempDir(), DELIVERY_POLL_INTERVAL_MS: "5000" }).monitoring.workerStaleMs).toBe(50_000);
    expect(() => parseEnv({ DATA_DIR: tempDir(), METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 32/);
    expect(() => parseEnv({ DATA_DIR: tempDir(), DELIVERY_POLL_INTERVAL_MS: "5000", HEALTH_WORKER_STALE_MS: "5000" })).toThrow(
      /HEALTH_WORKER_STALE_MS: must be longer than DELIVERY_POLL_INTERVAL_MS/,
    );
  });
});
