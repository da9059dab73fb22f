import { REDACTED } from "@/lib/redacted";
import { isReservedHeaderName } from "./reserved-headers";
import { qualifioSignature, standardWebhooksSignatureHeader } from "./signing";

export { isReservedHeaderName };

/** Names the product, so receivers can recognise (and allow-list) the hub in their logs. */
export const defaultUserAgent = "IntegrationsHub-Webhooks/1.0";

export type SignatureScheme = "qualifio" | "qualifio+standard";

export type HeaderPair = { name: string; value: string };

export type WebhookEvent = {
  id: string;
  type: string;
  createdAt: Date;
  test: boolean;
  program: { id: string; name: string };
  member: Record<string, unknown>;
  data: Record<string, unknown>;
};

export type SignRequestInput = {
  delivery: { id: string };
  /** X-Qualifio-Event. */
  eventType: string;
  /** The exact text to sign and send. */
  body: string;
  connector: { notificationUrl: string; signatureScheme: SignatureScheme };
  /**
   * Decrypted values. `previousSecret` is the secret being rotated out: pass it only while its
   * overlap window is open (previousSecretExpiresAt in the future), null afterwards.
   */
  secrets: {
    secret: string | null;
    previousSecret: string | null;
    authHeader: HeaderPair | null;
    customHeaders: readonly HeaderPair[];
  };
  now: Date;
  userAgent?: string;
};

export type BuildRequestInput = Omit<SignRequestInput, "eventType" | "body"> & {
  event: WebhookEvent;
  /**
   * The exact text to sign and send instead of the event's wire body: an admin's edited resend
   * (lib/delivery/logs/resend.ts). Normal deliveries never pass it.
   */
  body?: string;
};

export type WebhookRequest = {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes (as UTF-8 text) that were signed: send them unchanged. */
  body: string;
  /** `headers` with signatures, the auth value and custom values replaced, for the attempt log. */
  redactedHeaders: Record<string, string>;
  /** What must not reach the attempt log either when a receiver echoes it (see redactEchoes). */
  secretValues: string[];
};

/** The wire body (docs/receiving-webhooks.md, "The payload"): an array holding the one event object. */
export function buildBody(event: WebhookEvent): string {
  return JSON.stringify([
    {
      id: event.id,
      type: event.type,
      createdAt: event.createdAt.toISOString(),
      test: event.test,
      program: { id: event.program.id, name: event.program.name },
      member: event.member,
      data: event.data,
    },
  ]);
}

/** Builds the signed POST for one attempt. Pure: the same input gives the same request. */
export function buildRequest({ event, body, ...rest }: BuildRequestInput): WebhookRequest {
  return signRequest({ ...rest, eventType: event.type, body: body ?? buildBody(event) });
}

/**
 * Signs a body the caller built, with the hub's headers and the connector's: a member event's
 * (buildRequest) or an operational event's (lib/alerts/notify.ts). Pure.
 */
export function signRequest(input: SignRequestInput): WebhookRequest {
  const { delivery, eventType, body, connector, secrets, now } = input;
  const timestamp = Math.floor(now.getTime() / 1000);
  // Current secret first: receivers that only check the first signature keep working.
  const signingSecrets = secrets.secret ? [secrets.secret, ...(secrets.previousSecret ? [secrets.previousSecret] : [])] : [];

  const headers = new HeaderSet();
  headers.set("Content-Type", "application/json");
  headers.set("User-Agent", input.userAgent ?? defaultUserAgent);
  headers.set("X-Qualifio-Event", eventType);
  // The same id on every retry and replay: it is the receiver's idempotency key.
  headers.set("X-Qualifio-Delivery", delivery.id);
  headers.set("X-Qualifio-Timestamp", String(timestamp));
  if (signingSecrets.length > 0) {
    // During a rotation both signatures are sent, comma-separated (`sha256=<new>,sha256=<old>`), so
    // a receiver still holding the old secret keeps verifying until it switches.
    const value = signingSecrets.map((secret) => qualifioSignature(secret, body)).join(",");
    headers.set("X-Qualifio-Signature", value, { secret: true });
  }
  if (connector.signatureScheme === "qualifio+standard") {
    headers.set("webhook-id", delivery.id);
    headers.set("webhook-timestamp", String(timestamp));
    if (signingSecrets.length > 0) {
      headers.set("webhook-signature", standardWebhooksSignatureHeader(signingSecrets, delivery.id, timestamp, body), {
        secret: true,
      });
    }
  }
  if (secrets.authHeader) headers.setConfigured(secrets.authHeader);
  for (const header of secrets.customHeaders) headers.setConfigured(header);

  // An echo may carry the auth header's credentials without their scheme ("Bearer …").
  const credentials = secrets.authHeader?.value.trim().split(/\s+/).slice(1).join(" ");
  return {
    url: connector.notificationUrl,
    body,
    headers: headers.plain(),
    redactedHeaders: headers.redacted(),
    secretValues: [...signingSecrets, ...headers.secretValues(), ...(credentials ? [credentials] : [])],
  };
}

/** Case-insensitive header collection that remembers which values must not be logged. */
class HeaderSet {
  private readonly entries = new Map<string, { name: string; value: string; secret: boolean }>();

  set(name: string, value: string, options: { secret?: boolean } = {}) {
    this.entries.set(name.toLowerCase(), { name, value, secret: options.secret ?? false });
  }

  /** A connector-configured header: never overrides the hub's headers or an earlier one. */
  setConfigured({ name, value }: HeaderPair) {
    const trimmed = name.trim();
    if (!trimmed || isReservedHeaderName(trimmed) || this.entries.has(trimmed.toLowerCase())) return;
    this.set(trimmed, value, { secret: true });
  }

  plain(): Record<string, string> {
    return Object.fromEntries([...this.entries.values()].map((h) => [h.name, h.value]));
  }

  secretValues(): string[] {
    return [...this.entries.values()].filter((h) => h.secret).map((h) => h.value);
  }

  redacted(): Record<string, string> {
    return Object.fromEntries([...this.entries.values()].map((h) => [h.name, h.secret ? REDACTED : h.value]));
  }
}
