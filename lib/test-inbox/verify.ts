import { timingSafeEqual } from "node:crypto";
import type { SignatureVerdict } from "@/db/schema/inbox";
import { qualifioSignature, standardWebhooksSignature } from "@/lib/delivery/attempts/signing";

/*
 * What a receiver following docs/receiving-webhooks.md would conclude, computed with the same
 * signing code the hub sends with. Several secrets are tried because during a rotation the hub
 * signs with the new and the old secret, and a receiver accepts either.
 */

/** Standard Webhooks' default tolerance: an older (or future) timestamp is a replay. */
const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type SignatureVerdicts = { qualifio: SignatureVerdict; standard: SignatureVerdict };

/** `X-Qualifio-Signature: sha256=<hex>`, several separated by commas during a rotation. */
function verifyQualifio(header: string | undefined, body: Uint8Array, secrets: readonly string[]): SignatureVerdict {
  if (header === undefined) return "missing";
  const candidates = header.split(",").map((part) => part.trim());
  const expected = secrets.map((secret) => qualifioSignature(secret, body));
  return candidates.some((candidate) => expected.some((e) => same(candidate, e))) ? "valid" : "invalid";
}

function verifyStandard(headers: Record<string, string | undefined>, body: Uint8Array, secrets: readonly string[], now: Date): SignatureVerdict {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (id === undefined && timestamp === undefined && signature === undefined) return "missing";
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return "invalid";
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > TIMESTAMP_TOLERANCE_SECONDS) return "invalid";
  const candidates = signature.split(" ").filter(Boolean);
  for (const secret of secrets) {
    let expected: string;
    try {
      expected = standardWebhooksSignature(secret, id, seconds, body);
    } catch {
      continue; // an empty whsec_ key signs nothing
    }
    if (candidates.some((candidate) => same(candidate, expected))) return "valid";
  }
  return "invalid";
}

/**
 * Both schemes' verdicts for a request as received: `missing` when its headers are absent,
 * `invalid` when present but no secret (current, or the one being rotated out) produces them.
 * Header names are lower case.
 */
export function verifySignatures(
  headers: Record<string, string | undefined>,
  body: Uint8Array,
  secrets: readonly string[],
  now = new Date(),
): SignatureVerdicts {
  return {
    qualifio: verifyQualifio(headers["x-qualifio-signature"], body, secrets),
    standard: verifyStandard(headers, body, secrets, now),
  };
}
