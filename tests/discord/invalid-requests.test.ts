import { describe, expect, it } from 'vitest';
import { InvalidRequestWindow } from '../../src/discord/invalid-requests.js';

describe("the bot's count of invalid requests", () => {
  it('counts 401, 403 and 429 (not a shared 429) over the last 10 minutes, sliding', () => {
    let now = Date.parse('2031-01-01T00:00:00Z');
    const window = new InvalidRequestWindow(() => now);
    for (const status of [200, 204, 400, 404, 500]) window.record(status);
    window.record(429, 'shared');
    expect(window.count()).toBe(0);
    window.record(401);
    window.record(403);
    now += 5 * 60_000;
    window.record(429, 'user');
    window.record(429, 'global');
    expect(window.count()).toBe(4);
    now += 5 * 60_000 + 1_000;
    // The first two are older than 10 minutes now; the last two are not.
    expect(window.count()).toBe(2);
    now += 5 * 60_000;
    expect(window.count()).toBe(0);
  });
});
