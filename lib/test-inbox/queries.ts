import "server-only";
import { asc, count, desc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db";
import { connectors, testInboxes, testInboxRequests, type Role, type SignatureVerdict } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { visibleUrl } from "@/lib/connectors/visibility";
import { env } from "@/lib/env";
import { REDACTED } from "@/lib/redacted";
import { INBOX_PAGE_SIZE, inboxTokenOf, inboxUrl, type TestInboxResponseMode } from "./schemas";

export type InboxSummary = {
  id: string;
  connectorId: string;
  connectorName: string;
  /** The inbox's URL; scheme and host only for a role that may not see secrets (the token is the credential). */
  url: string;
  responseMode: TestInboxResponseMode;
  requestCount: number;
};

/** Every test inbox, by connector name. */
export async function listInboxes(db: Queryable, role: Role): Promise<InboxSummary[]> {
  const rows = await db
    .select({
      id: testInboxes.id,
      token: testInboxes.token,
      connectorId: connectors.id,
      connectorName: connectors.name,
      responseMode: testInboxes.responseMode,
      requestCount: testInboxes.requestCount,
    })
    .from(testInboxes)
    .innerJoin(connectors, eq(connectors.id, testInboxes.connectorId))
    .where(isNull(connectors.deletedAt))
    .orderBy(asc(connectors.name));
  const { appOrigin } = env();
  return rows.map(({ token, ...row }) => ({ ...row, url: visibleUrl(role, inboxUrl(appOrigin, token)) }));
}

export type InboxRequestView = {
  id: number;
  receivedAt: string;
  method: string;
  /** In arrival order; the connector's auth and custom header values redacted for roles without connectors.secrets. */
  headers: [string, string][];
  body: string;
  bodyTruncated: boolean;
  signatures: { qualifio: SignatureVerdict; standard: SignatureVerdict };
  responseStatus: number;
};

/**
 * The newest `limit` requests; `more`: older ones are kept too (up to INBOX_REQUEST_LIMIT); `kept`:
 * how many the inbox keeps in all, which Clear inbox deletes.
 */
export type InboxRequestPage = { requests: InboxRequestView[]; more: boolean; kept: number };


/** Redacted for roles without connectors.secrets whatever the connector: credentials, and signatures made from the secret. */
const ALWAYS_SECRET_HEADERS = ["authorization", "cookie", "x-qualifio-signature", "webhook-signature"];

/** An inbox's requests, newest first, as the role may see them. */
export async function listInboxRequests(
  db: Queryable,
  role: Role,
  inboxId: string,
  options: { limit?: number } = {},
): Promise<InboxRequestPage> {
  const limit = options.limit ?? INBOX_PAGE_SIZE;
  const rows = await db
    .select()
    .from(testInboxRequests)
    .where(eq(testInboxRequests.inboxId, inboxId))
    .orderBy(desc(testInboxRequests.id))
    .limit(limit + 1);
  const [{ kept } = { kept: 0 }] = await db.select({ kept: count() }).from(testInboxRequests).where(eq(testInboxRequests.inboxId, inboxId));
  const seesSecrets = can(role, "connectors.secrets");
  const requests = rows.slice(0, limit).map((row) => {
    const secret = new Set(seesSecrets ? [] : [...ALWAYS_SECRET_HEADERS, ...row.secretHeaderNames]);
    return {
      id: row.id,
      receivedAt: row.receivedAt.toISOString(),
      method: row.method,
      headers: Object.entries(row.headers).map(([name, value]): [string, string] => [name, secret.has(name) ? REDACTED : value]),
      body: row.body,
      bodyTruncated: row.bodyTruncated,
      signatures: { qualifio: row.qualifioSignature, standard: row.standardSignature },
      responseStatus: row.responseStatus,
    };
  });
  return { requests, more: rows.length > limit, kept };
}

/**
 * Whether `url` is exactly the URL of an existing test inbox on the hub's own origin: the one
 * internal target the SSRF guard lets through when private targets are refused.
 */
export async function isTestInboxTarget(db: Queryable, url: string): Promise<boolean> {
  const e = env();
  if (!e.testInbox) return false;
  const token = inboxTokenOf(url, e.appOrigin);
  if (!token) return false;
  const [row] = await db.select({ id: testInboxes.id }).from(testInboxes).where(eq(testInboxes.token, token));
  return !!row;
}
