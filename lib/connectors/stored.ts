import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { connectors, type Connector } from "@/db/schema";
import { recordAudit } from "@/lib/audit/service";
import { decryptSecret, encryptSecret, keyId, sealedWith, UnreadableSecretError } from "@/lib/crypto";
import type { HeaderPair } from "@/lib/delivery/attempts/request";
import { env } from "@/lib/env";
import { storedCustomHeadersSchema } from "./schemas";

/*
 * The one place connector secrets cross the encryption boundary. Anything decrypted here stays
 * on the server: queries hand out views without values, except loadConnectorSecrets for delivery.
 */

/** Each encrypted column, by the name its values are bound to ("connectors.<id>.<name>"). */
const SEALED_COLUMNS = {
  secret: "secretEncrypted",
  previous_secret: "previousSecretEncrypted",
  auth_header_value: "authHeaderValueEncrypted",
  custom_headers: "customHeadersEncrypted",
} as const satisfies Record<string, keyof Connector>;

export type SealedColumn = keyof typeof SEALED_COLUMNS;

/** The key that seals, then the one a rotation replaces (still accepted for reading). */
export type KeyRing = { current: Buffer; previous: Buffer | null };

function envKeys(): KeyRing {
  const e = env();
  return { current: e.encryptionKey, previous: e.previousEncryptionKey };
}

function readable(keys: KeyRing): Buffer[] {
  return keys.previous ? [keys.current, keys.previous] : [keys.current];
}

/*
 * Bound to the row and column, so a value copied to another connector or another column (say the
 * auth header value into the webhook secret, which is then revealed or signs) does not decrypt.
 */
function boundTo(connectorId: string, column: SealedColumn): string {
  return `connectors.${connectorId}.${column}`;
}

export function seal(plain: string, connectorId: string, column: SealedColumn): string {
  return encryptSecret(plain, envKeys().current, boundTo(connectorId, column));
}

export function unseal(stored: string | null, connectorId: string, column: SealedColumn): string | null {
  return stored == null ? null : decryptSecret(stored, readable(envKeys()), boundTo(connectorId, column));
}

export function sealCustomHeaders(headers: HeaderPair[], connectorId: string): string | null {
  return headers.length
    ? seal(JSON.stringify(headers.map(({ name, value }) => ({ name, value }))), connectorId, "custom_headers")
    : null;
}

export function unsealCustomHeaders(stored: string | null, connectorId: string): HeaderPair[] {
  const plain = unseal(stored, connectorId, "custom_headers");
  return plain == null ? [] : storedCustomHeadersSchema.parse(JSON.parse(plain));
}

export class ResealRefusedError extends Error {
  override name = "ResealRefusedError";
}

export type ResealReport = {
  /** Connectors read, deleted ones included (their past deliveries' logs keep pointing at them). */
  connectors: number;
  /** Encrypted values found. */
  values: number;
  /** Values re-encrypted. */
  resealed: number;
  /** The same, by what they were before: "v1" (no key id) or the key id they were sealed with. */
  resealedFrom: Record<string, number>;
  /** Values already sealed in the current format with the current key: checked, left as they are. */
  alreadyCurrent: number;
  keyId: string;
};

/**
 * Re-encrypts every connector secret with `keys.current`, in the current format, reading each with
 * `keys.previous` or `keys.current`. All or nothing: when any value opens with neither key, nothing
 * is written and the error names each such value (connector id and column, never a value).
 * Plain texts do not change, so neither does `updated_at`: caches of decrypted secrets keyed by a
 * connector's version stay right.
 */
export async function resealConnectorSecrets(db: Db, keys: KeyRing): Promise<ResealReport> {
  const currentId = keyId(keys.current);
  const readWith = readable(keys);
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(connectors).orderBy(asc(connectors.id)).for("update");
    const report: ResealReport = { connectors: rows.length, values: 0, resealed: 0, resealedFrom: {}, alreadyCurrent: 0, keyId: currentId };
    const problems: string[] = [];
    const updates: { id: string; set: Partial<typeof connectors.$inferInsert> }[] = [];
    for (const row of rows) {
      const set: Partial<typeof connectors.$inferInsert> = {};
      for (const [column, field] of Object.entries(SEALED_COLUMNS) as [SealedColumn, (typeof SEALED_COLUMNS)[SealedColumn]][]) {
        const stored = row[field];
        if (stored == null) continue;
        report.values++;
        const bound = boundTo(row.id, column);
        let plain: string;
        try {
          plain = decryptSecret(stored, readWith, bound);
        } catch (error) {
          if (!(error instanceof UnreadableSecretError)) throw error;
          problems.push(`  connector ${row.id} ${column}: ${error.message}`);
          continue;
        }
        const { version, keyId: sealedBy } = sealedWith(stored);
        if (version === "v2" && sealedBy === currentId) {
          report.alreadyCurrent++;
          continue;
        }
        const origin = sealedBy ?? version;
        report.resealed++;
        report.resealedFrom[origin] = (report.resealedFrom[origin] ?? 0) + 1;
        set[field] = encryptSecret(plain, keys.current, bound);
      }
      if (Object.keys(set).length) updates.push({ id: row.id, set });
    }
    if (problems.length) {
      const tried = keys.previous ? "the previous or the current key" : "the current key";
      throw new ResealRefusedError(`${problems.length} encrypted value(s) do not open with ${tried}; nothing was changed:\n${problems.join("\n")}`);
    }
    for (const { id, set } of updates) await tx.update(connectors).set(set).where(eq(connectors.id, id));
    if (report.resealed) {
      await recordAudit(tx, null, {
        action: "connector.secrets_resealed",
        entityType: "connector",
        summary: `Re-encrypted ${report.resealed} connector secret value(s) under encryption key ${currentId}`,
      });
    }
    return report;
  });
}
