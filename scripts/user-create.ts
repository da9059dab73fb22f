// `npm run user:create -- --email ops@example.com --role admin [--name "Ops"] [--password …]`
// Creates a user (the first admin of a production install). Without --password a strong one is
// generated and printed once.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { insertUser } from "@/lib/users/service";

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string", default: "admin" },
      name: { type: "string" },
      password: { type: "string" },
    },
  });
  if (!values.email) throw new Error("Usage: npm run user:create -- --email EMAIL [--role admin|marketer] [--name NAME] [--password PASSWORD]");
  const password = values.password ?? randomBytes(18).toString("base64url");
  const e = env();
  const database = openDatabase(e.databaseUrl ? { url: e.databaseUrl } : { dataDir: path.join(e.dataDir, "pglite") });
  try {
    await database.migrate();
    const user = await insertUser(database.db, null, {
      email: values.email,
      role: values.role,
      name: values.name ?? values.email.split("@")[0],
      password,
    });
    console.log(`created ${user.role} ${user.email}`);
    if (!values.password) console.log(`password (shown once): ${password}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DomainError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(([k, v]) => `  --${k}: ${v.join(" ")}`);
    console.error([error.code === "validation" ? "Invalid arguments:" : error.message, ...fields].join("\n"));
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
