import type { Attempt, Role } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { isBlockedTargetMessage } from "@/lib/delivery/attempts/ssrf";

/*
 * What a role may see of where deliveries go. Slack, Teams and Zapier URLs carry their credentials
 * in the path or the query, so roles that may not see secrets get the scheme and host only; and
 * which internal address a blocked target resolved to is a map of the network, for admins only.
 * Queries apply these before anything leaves the server, so no page, payload or export has more.
 */

const MASKED_PATH = "••••";

export const BLOCKED_TARGET_NOTICE = "The notification URL points to an address the hub does not send to.";

/** "https://hooks.slack.com/••••": scheme and host, whatever the path and query held. */
export function maskUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/${MASKED_PATH}`;
  } catch {
    return MASKED_PATH;
  }
}

/**
 * The text with the URL, and its path and query on their own, masked: a redirect's Location (an
 * http:// URL answered with its https:// twin) or a receiver's "Cannot POST /services/…" repeats them.
 */
function withoutUrl(text: string, url: string): string {
  let secretPart = "";
  try {
    const { pathname, search } = new URL(url);
    secretPart = pathname + search;
  } catch {
    // not a URL: only the whole text can be masked below
  }
  const masked = text.replaceAll(url, maskUrl(url));
  return secretPart.length > 1 ? masked.replaceAll(secretPart, `/${MASKED_PATH}`) : masked;
}

const seesSecrets = (role: Role) => can(role, "connectors.secrets");

/** A notification URL or an attempt's request URL, as the role may see it. */
export function visibleUrl(role: Role, url: string): string;
export function visibleUrl(role: Role, url: string | null): string | null;
export function visibleUrl(role: Role, url: string | null): string | null {
  return url === null || seesSecrets(role) ? url : maskUrl(url);
}

/**
 * An attempt's error (or a delivery's last one), as the role may see it; the stored row keeps the
 * detail. `url` is where the request went, masked wherever the error repeats it.
 */
export function visibleError(role: Role, error: string | null, about: { errorCode?: string | null; url?: string | null } = {}): string | null {
  if (error === null || seesSecrets(role)) return error;
  if (about.errorCode === "blocked" || isBlockedTargetMessage(error)) return BLOCKED_TARGET_NOTICE;
  return about.url ? withoutUrl(error, about.url) : error;
}

/** An attempt for the delivery page: its URL, its error and whatever the receiver echoed of the URL. */
export function visibleAttempt(role: Role, attempt: Attempt): Attempt {
  if (seesSecrets(role)) return attempt;
  const { url } = attempt;
  return {
    ...attempt,
    url: maskUrl(url),
    error: visibleError(role, attempt.error, { errorCode: attempt.errorCode, url }),
    responseHeaders:
      attempt.responseHeaders && Object.fromEntries(Object.entries(attempt.responseHeaders).map(([name, value]) => [name, withoutUrl(value, url)])),
    responseBody: attempt.responseBody && withoutUrl(attempt.responseBody, url),
  };
}
