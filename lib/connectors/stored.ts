import type { Connector } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { env } from "@/lib/env";
import { storedCustomHeadersSchema } from "./schemas";

/*
 * The one place connector secrets cross the encryption boundary. Anything decrypted here stays
 * on the server: queries hand out views without values, except loadConnectorSecrets for delivery.
 */

export type HeaderPair = { name: string; value: string };

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
