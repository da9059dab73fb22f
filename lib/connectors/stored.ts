import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { env } from "@/lib/env";
import { storedCustomHeadersSchema } from "./schemas";

/*
 * The one place connector secrets cross the encryption boundary. Anything decrypted here stays
 * on the server: queries hand out views without values, except loadConnectorSecrets for delivery.
 */

export type HeaderPair = { name: string; value: string };

export function seal(plain: string): string {
  return encryptSecret(plain, env().encryptionKey);
}

export function unseal(stored: string | null): string | null {
  return stored == null ? null : decryptSecret(stored, env().encryptionKey);
}

export function sealCustomHeaders(headers: HeaderPair[]): string | null {
  return headers.length ? seal(JSON.stringify(headers.map(({ name, value }) => ({ name, value })))) : null;
}

export function unsealCustomHeaders(stored: string | null): HeaderPair[] {
  const plain = unseal(stored);
  return plain == null ? [] : storedCustomHeadersSchema.parse(JSON.parse(plain));
}
