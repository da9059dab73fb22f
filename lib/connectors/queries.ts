import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db";
import { connectors, type Connector, type Role } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import type { HeaderPair } from "@/lib/delivery/attempts/request";
import type { SignatureScheme } from "./schemas";
import { connectorAttention } from "./attention";
import { unseal, unsealCustomHeaders } from "./stored";
import { visibleUrl } from "./visibility";

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** The Connectors list (and the overview): no secret material at all, whoever asks; `attention` says what is wrong, if anything. */
export async function listConnectors(db: Queryable) {
  const rows = await db
    .select({
      id: connectors.id,
      name: connectors.name,
      notificationUrl: connectors.notificationUrl,
      active: connectors.active,
      disabledReason: connectors.disabledReason,
      alertState: connectors.alertState,
      alertStateSince: connectors.alertStateSince,
      consecutiveFailures: connectors.consecutiveFailures,
      createdAt: connectors.createdAt,
      updatedAt: connectors.updatedAt,
    })
    .from(connectors)
    .where(isNull(connectors.deletedAt))
    .orderBy(asc(sql`lower(${connectors.name})`), asc(connectors.id));
  return rows.map(({ notificationUrl, alertState, alertStateSince, consecutiveFailures, ...row }) => ({
    ...row,
    notificationHost: hostOf(notificationUrl),
    attention: connectorAttention({ ...row, alertState, alertStateSince, consecutiveFailures }),
  }));
}
export type ConnectorListItem = Awaited<ReturnType<typeof listConnectors>>[number];

/**
 * What a page or API response may carry about one connector. Secret and auth header values are
 * never in it; custom header values and the whole notification URL only for roles allowed to see
 * secrets (admins edit them in the form). Everything a marketer's browser receives is built from this type.
 */
export type ConnectorView = {
  id: string;
  name: string;
  description: string;
  /** Masked to scheme and host (see maskUrl) for roles that may not see secrets. */
  notificationUrl: string | null;
  signatureScheme: SignatureScheme;
  timeoutMs: number;
  maxInFlight: number;
  rateLimitPerSecond: number | null;
  orderedByMember: boolean;
  active: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  secret: {
    set: boolean;
    /** "whsec_…a1b2"; null for roles that may not see secrets (four characters are still a clue). */
    hint: string | null;
    rotatedAt: Date | null;
    /** When the previous secret stops being accepted, while an overlap is running. */
    previousExpiresAt: Date | null;
  };
  authHeader: { name: string | null; hasValue: boolean };
  customHeaders: { name: string; value: string | null }[];
};

export function toConnectorView(row: Connector, role: Role, now = new Date()): ConnectorView {
  const maySee = can(role, "connectors.secrets");
  const overlapRunning = !!row.previousSecretEncrypted && !!row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    notificationUrl: visibleUrl(role, row.notificationUrl),
    signatureScheme: row.signatureScheme,
    timeoutMs: row.timeoutMs,
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    orderedByMember: row.orderedByMember,
    active: row.active,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    secret: {
      set: !!row.secretEncrypted,
      hint: maySee ? row.secretHint : null,
      rotatedAt: row.secretRotatedAt,
      previousExpiresAt: overlapRunning ? row.previousSecretExpiresAt : null,
    },
    authHeader: { name: row.authHeaderName, hasValue: !!row.authHeaderValueEncrypted },
    customHeaders: maySee
      ? unsealCustomHeaders(row.customHeadersEncrypted, row.id)
      : row.customHeaderNames.map((name) => ({ name, value: null })),
  };
}

/** One live connector as the given role may see it, or null. */
export async function getConnectorView(db: Queryable, id: string, role: Role): Promise<ConnectorView | null> {
  // A malformed id in the URL is a missing page, not a database error.
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.id, id), isNull(connectors.deletedAt)));
  return row ? toConnectorView(row, role) : null;
}

export type ConnectorSecrets = {
  secret: string | null;
  /** Only while the rotation overlap runs: deliveries then carry a signature for each. */
  previousSecret: string | null;
  authHeader: HeaderPair | null;
  customHeaders: HeaderPair[];
};

/** The encrypted columns loadConnectorSecrets and the delivery engine's cache decrypt. */
export type SealedConnectorSecrets = Pick<
  Connector,
  "id" | "secretEncrypted" | "previousSecretEncrypted" | "previousSecretExpiresAt" | "authHeaderName" | "authHeaderValueEncrypted" | "customHeadersEncrypted"
>;

/**
 * Decrypts a connector's request material. Throws when a value no longer decrypts (ENCRYPTION_KEY
 * changed). Server-only: never pass the result to a page, an action result or an API response.
 */
export function unsealConnectorSecrets(row: SealedConnectorSecrets, now = new Date()): ConnectorSecrets {
  const previousValid = !!row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  const authValue = unseal(row.authHeaderValueEncrypted, row.id, "auth_header_value");
  return {
    secret: unseal(row.secretEncrypted, row.id, "secret"),
    previousSecret: previousValid ? unseal(row.previousSecretEncrypted, row.id, "previous_secret") : null,
    authHeader: row.authHeaderName && authValue != null ? { name: row.authHeaderName, value: authValue } : null,
    customHeaders: unsealCustomHeaders(row.customHeadersEncrypted, row.id),
  };
}

/** The columns unsealConnectorSecrets reads, for a select. */
export const sealedSecretColumns = {
  id: connectors.id,
  secretEncrypted: connectors.secretEncrypted,
  previousSecretEncrypted: connectors.previousSecretEncrypted,
  previousSecretExpiresAt: connectors.previousSecretExpiresAt,
  authHeaderName: connectors.authHeaderName,
  authHeaderValueEncrypted: connectors.authHeaderValueEncrypted,
  customHeadersEncrypted: connectors.customHeadersEncrypted,
} satisfies Record<keyof SealedConnectorSecrets, unknown>;

/**
 * Decrypted request material for the delivery engine. Server-only: never pass the result to a
 * page, an action result or an API response.
 */
export async function loadConnectorSecrets(db: Queryable, connectorId: string, now = new Date()): Promise<ConnectorSecrets> {
  const [row] = await db
    .select(sealedSecretColumns)
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  if (!row) throw new NotFoundError("Connector");
  return unsealConnectorSecrets(row, now);
}
