// The signature of a work-order feed request: HMAC-SHA256 with the feed's shared secret over
// "<X-Feed-Timestamp>.<raw body>", sent as `X-Feed-Signature: sha256=<hex>` (docs/WORK-ORDERS.md, "Signing").
// The timestamp is inside the signed text so a captured request cannot be replayed later with a fresh one; the
// replay window (FEED_REPLAY_WINDOW_SECONDS) bounds how long a captured request stays good. The raw bytes are
// signed, not the parsed JSON, so both sides agree on the text without agreeing on a canonical form.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The scheme prefix of the signature header's value. */
export const SIGNATURE_PREFIX = 'sha256=';

/** Bytes of a feed's shared secret (shown once, hex-encoded: 64 characters). */
export const FEED_SECRET_BYTES = 32;

/** A fresh shared secret: 32 random bytes as 64 hex characters. */
export function newFeedSecret(): string {
  return randomBytes(FEED_SECRET_BYTES).toString('hex');
}

/** The HMAC-SHA256 of "<timestamp>.<body>" with `secret`, as raw bytes. */
export function feedHmac(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The `X-Feed-Signature` value a sender computes: "sha256=" and the hex HMAC. */
export function signFeedRequest(secret: string, timestamp: string | number, body: Buffer | string): string {
  return SIGNATURE_PREFIX + feedHmac(secret, String(timestamp), body).toString('hex');
}

/** A timestamp header: whole unix seconds (digits only, at most 12 of them); null otherwise. */
export function parseFeedTimestamp(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/**
 * Whether `signature` (the header's value) is the HMAC of "<timestamp>.<body>" under `secret`. Compared in
 * constant time (timingSafeEqual); a header of the wrong shape is compared against the expected value all the
 * same, so how far a forgery gets does not show in the time the answer takes.
 */
export function signatureMatches(
  secret: string,
  timestamp: string,
  body: Buffer | string,
  signature: string | undefined,
): boolean {
  const expected = feedHmac(secret, timestamp, body);
  const hex = signature?.startsWith(SIGNATURE_PREFIX) ? signature.slice(SIGNATURE_PREFIX.length) : '';
  const wellFormed = /^[0-9a-fA-F]{64}$/.test(hex);
  const given = wellFormed ? Buffer.from(hex, 'hex') : Buffer.alloc(expected.length);
  const equal = timingSafeEqual(given, expected);
  return equal && wellFormed;
}

/** Whether a timestamp (unix seconds) is within `windowSeconds` of `nowMs`, either way. */
export function withinReplayWindow(timestampSeconds: number, nowMs: number, windowSeconds: number): boolean {
  return Math.abs(nowMs / 1000 - timestampSeconds) <= windowSeconds;
}
