// `ENCRYPTION_KEY_PREVIOUS=<old key> ENCRYPTION_KEY=<new key> npm run secrets:rotate-key`
// Re-encrypts every stored connector secret under ENCRYPTION_KEY, reading each with the previous or
// the current key, in one transaction: when a value opens with neither, it says which and changes
// nothing. Without ENCRYPTION_KEY_PREVIOUS it re-seals under the current key, which upgrades values
// written before key ids. Works on DATABASE_URL, or on the embedded PGlite under DATA_DIR (stop the
// app first: one process per data directory). Prints counts and key ids, never a value.
import path from "node:path";
import { openDatabase } from "@/db/client";
import { ResealRefusedError, resealConnectorSecrets } from "@/lib/connectors/stored";
import { keyId } from "@/lib/crypto";
import { env } from "@/lib/env";

async function main() {
  const e = env();
  const where = e.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${e.dataDir}`;
  const database = openDatabase(e.databaseUrl ? { url: e.databaseUrl } : { dataDir: path.join(e.dataDir, "pglite") });
  const current = keyId(e.encryptionKey);
  console.log(
    e.previousEncryptionKey
      ? `${where}: re-encrypting from ENCRYPTION_KEY_PREVIOUS (key id ${keyId(e.previousEncryptionKey)}) to ENCRYPTION_KEY (key id ${current})`
      : `${where}: ENCRYPTION_KEY_PREVIOUS is not set; re-sealing under ENCRYPTION_KEY (key id ${current}) only`,
  );
  try {
    const report = await resealConnectorSecrets(database.db, { current: e.encryptionKey, previous: e.previousEncryptionKey });
    const from = Object.entries(report.resealedFrom).map(([origin, n]) => `${n} ${origin === "v1" ? "in the v1 format (no key id)" : `sealed with key id ${origin}`}`);
    console.log(`${report.connectors} connector(s), ${report.values} encrypted value(s)`);
    console.log(`re-encrypted ${report.resealed} value(s) under key id ${report.keyId}${from.length ? `: ${from.join(", ")}` : ""}`);
    console.log(`${report.alreadyCurrent} value(s) were already under key id ${report.keyId} and were left as they are`);
    if (e.previousEncryptionKey) console.log("Start the app with this ENCRYPTION_KEY; ENCRYPTION_KEY_PREVIOUS can then be removed.");
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof ResealRefusedError) {
    console.error("Set ENCRYPTION_KEY_PREVIOUS to the key those values were sealed with (the one the app has used until now).");
  }
  process.exit(1);
});
