import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed once, at boot (instrumentation.ts calls loadEnv()), so a bad
 * value stops the server with a message naming the variable instead of failing on first use.
 */
const encryptionKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

const raw = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_ENV: z.enum(["development", "production", "test"]).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection string")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default(".data"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: encryptionKeySchema.optional(),
  /** The key ENCRYPTION_KEY replaces, still accepted for reading until `npm run secrets:rotate-key` has run. */
  ENCRYPTION_KEY_PREVIOUS: encryptionKeySchema.optional().or(z.literal("").transform(() => undefined)),
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  DELIVERY_ENGINE: z.enum(["local", "inngest"]).default("local"),
  ALLOW_PRIVATE_TARGETS: z.enum(["true", "false"]).optional(),
  OUTBOUND_PROXY_URL: z
    .url({ protocol: /^http$/, error: "must be an http:// proxy URL (https:// targets are tunnelled through it with CONNECT)" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DELIVERY_RETRY_SCHEDULE: z
    .string()
    .regex(/^\s*\d+(ms|s|m|h|d)(\s*,\s*\d+(ms|s|m|h|d))*\s*$/, "must be a comma-separated list of durations like 5s,5m,30m,2h")
    .optional(),
  DELIVERY_RETRY_JITTER: z.coerce.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(0.2),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100, "must be at least 100").max(120_000).default(10_000),
  DELIVERY_AUTO_DISABLE_AFTER: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, "must be a duration like 5d")
    .default("5d"),
  DELIVERY_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Bearer token for GET /api/metrics; unset, only an admin's session may read them. */
  METRICS_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (openssl rand -hex 32)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HEALTH_WORKER_STALE_MS: z.coerce.number().int().min(1000, "must be at least 1000").max(3_600_000).optional(),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1, "must be at least 1").max(10_000).default(20),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10, "must be at most 10").default(0),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1, "must be at least 1").max(3650).default(30),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Where the hub is reached, by people and by the hub itself (test inbox URLs). */
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL, such as https://hub.example.com" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TEST_INBOX: z.enum(["true", "false"]).optional(),
  INNGEST_DEV: z.string().optional(),
  INNGEST_BASE_URL: z.url().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
});

export type AppEnv = {
  appEnv: "development" | "production" | "test";
  isProduction: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  encryptionKey: Buffer;
  /** ENCRYPTION_KEY_PREVIOUS: opens values sealed before a key rotation; never seals. */
  previousEncryptionKey: Buffer | null;
  seedDemo: boolean;
  /** Settings that were ignored, for the start-up log. */
  notices: string[];
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** The hub's own origin (APP_URL, else http://127.0.0.1:PORT), without a trailing slash. */
  appOrigin: string;
  /** The built-in test inbox: on outside production, in production only with TEST_INBOX=true. */
  testInbox: boolean;
  delivery: {
    engine: "local" | "inngest";
    allowPrivateTargets: boolean;
    proxyUrl: string | undefined;
    retryScheduleMs: number[] | undefined;
    retryJitter: number;
    timeoutMs: number;
    autoDisableAfterMs: number;
    pollIntervalMs: number;
    retentionDays: number;
  };
  inngest: { dev: boolean; baseUrl?: string; eventKey?: string; signingKey?: string };
  monitoring: {
    /** Bearer token accepted by /api/metrics besides an admin session. */
    metricsToken: string | undefined;
    /** /api/health answers 503 when the local worker's last completed tick is older than this. */
    workerStaleMs: number;
  };
  login: {
    /** Sign-in attempts one client address may make per minute. */
    attemptsPerMinute: number;
    /** Reverse proxies in front of the app that append to X-Forwarded-For. */
    trustedProxyHops: number;
  };
};

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** "5s" → 5000. Input already validated by the schema. */
function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new EnvError(`not a duration: ${text}`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

export class EnvError extends Error {
  override name = "EnvError";
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

/** Secrets the embedded default needs, generated on first start and kept under DATA_DIR. */
function localSecrets(dataDir: string): { authSecret: string; encryptionKey: string } {
  const file = path.resolve(/*turbopackIgnore: true*/ dataDir, "secrets.json");
  const schema = z.object({ authSecret: z.string().min(32), encryptionKey: z.string().min(40) });
  if (fs.existsSync(file)) {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
    throw new EnvError(`${file} is not valid; delete it to generate new local secrets`);
  }
  const secrets = {
    authSecret: randomBytes(32).toString("base64url"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // wx: two processes starting together must not overwrite each other's key.
  try {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return localSecrets(dataDir);
    throw error;
  }
  return secrets;
}

export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const result = raw.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid environment configuration:\n${describe(result.error)}`);
  }
  const e = result.data;
  const appEnv = e.APP_ENV ?? e.NODE_ENV;
  const isProduction = appEnv === "production";
  const inngestDev = !!e.INNGEST_DEV && e.INNGEST_DEV !== "0" && e.INNGEST_DEV !== "false";
  if (isProduction && inngestDev) {
    // Dev mode accepts unsigned calls to /api/inngest: anyone could run the hub's functions.
    throw new EnvError(
      "Invalid environment configuration:\n  INNGEST_DEV: not allowed in production (it accepts unsigned Inngest requests); set INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY instead",
    );
  }
  const notices: string[] = [];
  // The demo users have published passwords: never in production.
  if (isProduction && e.SEED_DEMO === "true") notices.push("SEED_DEMO=true is ignored in production: the demo users have published passwords");
  let authSecret = e.AUTH_SECRET;
  let encryptionKey = e.ENCRYPTION_KEY;
  if (!authSecret || !encryptionKey) {
    if (isProduction) {
      const missing = [!authSecret && "AUTH_SECRET", !encryptionKey && "ENCRYPTION_KEY"].filter(Boolean);
      throw new EnvError(
        `Invalid environment configuration:\n${missing
          .map((name) => `  ${name}: required in production (generate one with: openssl rand -base64 32)`)
          .join("\n")}`,
      );
    }
    const local = localSecrets(e.DATA_DIR);
    authSecret ??= local.authSecret;
    encryptionKey ??= local.encryptionKey;
  }
  // The idle worker ticks once per poll: a shorter limit would report a healthy worker as stuck.
  const workerStaleMs = e.HEALTH_WORKER_STALE_MS ?? Math.max(10 * e.DELIVERY_POLL_INTERVAL_MS, 10_000);
  if (workerStaleMs <= e.DELIVERY_POLL_INTERVAL_MS) {
    throw new EnvError(
      `Invalid environment configuration:\n  HEALTH_WORKER_STALE_MS: must be longer than DELIVERY_POLL_INTERVAL_MS (${e.DELIVERY_POLL_INTERVAL_MS}), the idle worker ticks once per poll`,
    );
  }
  const previousEncryptionKey = e.ENCRYPTION_KEY_PREVIOUS ? Buffer.from(e.ENCRYPTION_KEY_PREVIOUS, "base64") : null;
  if (previousEncryptionKey?.equals(Buffer.from(encryptionKey, "base64"))) {
    throw new EnvError(
      "Invalid environment configuration:\n  ENCRYPTION_KEY_PREVIOUS: must be the key ENCRYPTION_KEY replaces, not the same key",
    );
  }
  return {
    appEnv,
    isProduction,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR),
    authSecret,
    encryptionKey: Buffer.from(encryptionKey, "base64"),
    previousEncryptionKey,
    seedDemo: !isProduction && e.SEED_DEMO !== "false",
    notices,
    logLevel: e.LOG_LEVEL,
    // 127.0.0.1 rather than localhost: the server listens on IPv4 by default, and localhost may resolve to ::1 first.
    appOrigin: new URL(e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).origin,
    // The capture endpoint is public and stores whatever is posted to it: a production hub opts in.
    testInbox: e.TEST_INBOX ? e.TEST_INBOX === "true" : !isProduction,
    delivery: {
      engine: e.DELIVERY_ENGINE,
      // Local receivers are the point of development; production refuses internal targets (SSRF).
      allowPrivateTargets: e.ALLOW_PRIVATE_TARGETS ? e.ALLOW_PRIVATE_TARGETS === "true" : !isProduction,
      proxyUrl: e.OUTBOUND_PROXY_URL,
      retryScheduleMs: e.DELIVERY_RETRY_SCHEDULE?.split(",").map(parseDuration),
      retryJitter: e.DELIVERY_RETRY_JITTER,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
      autoDisableAfterMs: parseDuration(e.DELIVERY_AUTO_DISABLE_AFTER),
      pollIntervalMs: e.DELIVERY_POLL_INTERVAL_MS,
      retentionDays: e.LOG_RETENTION_DAYS,
    },
    inngest: {
      dev: inngestDev,
      baseUrl: e.INNGEST_BASE_URL,
      eventKey: e.INNGEST_EVENT_KEY,
      signingKey: e.INNGEST_SIGNING_KEY,
    },
    login: { attemptsPerMinute: e.LOGIN_ATTEMPTS_PER_MINUTE, trustedProxyHops: e.TRUSTED_PROXY_HOPS },
    monitoring: { metricsToken: e.METRICS_TOKEN, workerStaleMs },
  };
}

const key = Symbol.for("integrations-hub.env");
type Holder = { [key]?: AppEnv };

/** The parsed environment; parsed on first call and cached for the life of the process. */
export function env(): AppEnv {
  const holder = globalThis as Holder;
  return (holder[key] ??= parseEnv(process.env));
}
