// The feed signature: the HMAC a sender computes is the one the service checks, over exactly the timestamp and the
// bytes sent; anything else (another secret, body, timestamp, a malformed header) does not match; the replay window
// holds either way.
import { createHmac } from 'node:crypto';
import {
  newFeedSecret,
  parseFeedTimestamp,
  signatureMatches,
  signFeedRequest,
  withinReplayWindow,
} from './feed-signature';

describe('the feed signature', () => {
  const secret = newFeedSecret();
  const body = '{"events":[{"eventId":"e1"}]}';

  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>", as openssl computes it', () => {
    const expected = createHmac('sha256', secret).update(`1764300000.${body}`).digest('hex');
    expect(signFeedRequest(secret, 1764300000, body)).toBe(`sha256=${expected}`);
    expect(signFeedRequest(secret, '1764300000', Buffer.from(body))).toBe(`sha256=${expected}`);
  });

  it('matches only the same secret, timestamp and bytes', () => {
    const sig = signFeedRequest(secret, 1764300000, body);
    expect(signatureMatches(secret, '1764300000', Buffer.from(body), sig)).toBe(true);
    expect(
      signatureMatches(
        secret,
        '1764300000',
        Buffer.from(body),
        sig.toUpperCase().replace('SHA256=', 'sha256='),
      ),
    ).toBe(true);
    expect(signatureMatches(newFeedSecret(), '1764300000', body, sig)).toBe(false);
    expect(signatureMatches(secret, '1764300001', body, sig)).toBe(false);
    expect(signatureMatches(secret, '1764300000', body + ' ', sig)).toBe(false);
  });

  it('does not match a missing or malformed header', () => {
    const sig = signFeedRequest(secret, 1764300000, body);
    for (const bad of [
      undefined,
      '',
      sig.slice(7),
      `sha1=${sig.slice(7)}`,
      sig.slice(0, -2),
      `${sig}00`,
      'sha256=zz',
    ])
      expect(signatureMatches(secret, '1764300000', body, bad)).toBe(false);
  });

  it('makes 64-hex-character secrets, a new one each time', () => {
    const a = newFeedSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newFeedSecret()).not.toBe(a);
  });

  it('takes whole unix seconds as the timestamp, and a window either way', () => {
    expect(parseFeedTimestamp('1764300000')).toBe(1764300000);
    for (const bad of [undefined, '', '-5', '1.5', '1e9', ' 17', '1764300000000000'])
      expect(parseFeedTimestamp(bad)).toBeNull();
    const now = 1764300000 * 1000;
    expect(withinReplayWindow(1764300000 - 300, now, 300)).toBe(true);
    expect(withinReplayWindow(1764300000 + 300, now, 300)).toBe(true);
    expect(withinReplayWindow(1764300000 - 301, now, 300)).toBe(false);
    expect(withinReplayWindow(1764300000 + 301, now, 300)).toBe(false);
  });
});
