import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed once, at boot (instrumentation.ts calls loadEnv()), so a bad
 * value stops the server with a message naming the variable instead of failing on first use.
 */
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
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes, base64-encoded (openssl rand -base64 32)")
    .optional(),
  SEED_DEMO: z.enum(["true", "false"]).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type AppEnv = {
  appEnv: "development" | "production" | "test";
  isProduction: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  encryptionKey: Buffer;
  seedDemo: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
};

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
  return {
    appEnv,
    isProduction,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR),
    authSecret,
    encryptionKey: Buffer.from(encryptionKey, "base64"),
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === "true" : !isProduction,
    logLevel: e.LOG_LEVEL,
  };
}

const key = Symbol.for("integrations-hub.env");
type Holder = { [key]?: AppEnv };

/** The parsed environment; parsed on first call and cached for the life of the process. */
export function env(): AppEnv {
  const holder = globalThis as Holder;
  return (holder[key] ??= parseEnv(process.env));
}
