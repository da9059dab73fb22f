import { z } from "zod";

/** Where a test inbox listens, on the hub's own origin: `/api/inbox/<token>`. */
const INBOX_PATH_PREFIX = "/api/inbox/";

/** The requests an inbox keeps: older ones are deleted as new ones arrive. */
export const INBOX_REQUEST_LIMIT = 500;

/** What the Inbox screen shows first; "Show older requests" adds as many again, up to all that is kept. */
export const INBOX_PAGE_SIZE = 50;

/** `GET /api/test-inboxes/<id>/requests?limit=N`: the newest N requests. */
export const inboxRequestsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(INBOX_REQUEST_LIMIT, `limit must be at most ${INBOX_REQUEST_LIMIT}: an inbox keeps no more.`)
    .default(INBOX_PAGE_SIZE),
});

/** 32 random bytes, base64url: unguessable, and safe in a URL path as it is. */
export const inboxTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Unknown inbox.");

/** How an inbox answers (the test_inbox_response_mode enum). Kept here too: forms in the browser read it. */
export const responseModes = ["always-200", "fail-every-3rd"] as const;
export type TestInboxResponseMode = (typeof responseModes)[number];

export const responseModeLabels: Record<TestInboxResponseMode, string> = {
  "always-200": "Always 200",
  "fail-every-3rd": "Fail every 3rd request (500)",
};

const inboxId = z.uuid("Unknown inbox.");

export const createInboxSchema = z.object({ connectorId: z.uuid("Unknown connector.") });

export const setResponseModeSchema = z.object({
  inboxId,
  responseMode: z.enum(responseModes, { error: "Choose how the inbox answers." }),
});

export const clearInboxSchema = z.object({ inboxId });

/** The notification URL of the inbox with this token. */
export function inboxUrl(appOrigin: string, token: string): string {
  return `${appOrigin}${INBOX_PATH_PREFIX}${token}`;
}

/**
 * The token when `url` is exactly an inbox URL on the hub's own origin (no query, fragment or
 * credentials, nothing after the token); null for anything else, however close.
 */
export function inboxTokenOf(url: string, appOrigin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== appOrigin || parsed.username || parsed.password || parsed.search || parsed.hash) return null;
  if (!parsed.pathname.startsWith(INBOX_PATH_PREFIX)) return null;
  const token = parsed.pathname.slice(INBOX_PATH_PREFIX.length);
  return inboxTokenSchema.safeParse(token).success ? token : null;
}
