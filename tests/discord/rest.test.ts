import { IDS, startEmulator } from '@healing-library/discord-emulator';
import { type RateLimitData, RESTEvents, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startBareClient } from '../../bench/bare-client.js';
import { DiscordRest } from '../../src/discord/rest.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup() {
  const emulator = await startEmulator();
  cleanup.push(() => emulator.close());
  const bare = await startBareClient(emulator.apiUrl);
  cleanup.push(() => bare.destroy());
  // Two requests a second at most, so that the limit shows within a short test.
  const rest = new DiscordRest({ api: emulator.apiUrl, globalRequestsPerSecond: 2 }, IDS.application);
  rest.setToken('bot-token');
  const limits: RateLimitData[] = [];
  rest.on(RESTEvents.RateLimited, (data) => limits.push(data));
  cleanup.push(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  return { emulator, rest, limits };
}

const note = { content: 'noted', allowed_mentions: { parse: [] } };

describe("the bot's REST manager", () => {
  it('keeps interaction follow-ups out of the global limit, and everything else in it', async () => {
    const { emulator, rest, limits } = await setup();
    const answered = await Promise.all([1, 2, 3, 4].map(() => emulator.command({ name: 'x' })));
    await Promise.all(
      answered.map((r) => rest.post(Routes.webhook(IDS.application, r.token), { body: note, auth: false })),
    );
    expect(limits).toEqual([]);
    expect(answered.every((r) => r.followups.length === 1)).toBe(true);

    await Promise.all([1, 2, 3].map(() => rest.post(Routes.channelMessages(IDS.general), { body: note })));
    expect(limits.map((limit) => [limit.global, limit.route])).toContainEqual([true, '/channels/:id/messages']);
  });

  it('reports the rate limits of follow-ups where the bot listens', async () => {
    const { emulator, rest, limits } = await setup();
    const answered = await emulator.command({ name: 'x' });
    emulator.failNext(
      { method: 'POST', path: /^\/webhooks\// },
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.1, global: false } },
    );
    await rest.post(Routes.webhook(IDS.application, answered.token), { body: note, auth: false });
    expect(limits.map((limit) => limit.global)).toEqual([false]);
    expect(answered.followups).toHaveLength(1);
  });
});

describe('the nonce on every message the bot creates', () => {
  it("gives discord.js's own payloads one too (they carry nonce: undefined), and keeps a nonce asked for", async () => {
    const { emulator, rest } = await setup();
    await rest.post(Routes.channelMessages(IDS.general), { body: { ...note, nonce: undefined } });
    await rest.post(Routes.channelMessages(IDS.general), { body: { ...note, nonce: 'mine' } });
    await rest.post(Routes.channelMessages(IDS.general), { body: note, files: [{ name: 'a.txt', data: 'a' }] });
    const posts = emulator.requests.filter((r) => r.route === '/channels/{channel_id}/messages');
    expect(posts.map((r) => (r.body as { nonce?: string }).nonce)).toEqual([
      expect.stringMatching(/^[\w-]{20}$/),
      'mine',
      expect.stringMatching(/^[\w-]{20}$/),
    ]);
    expect(posts.map((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce)).toEqual([true, undefined, true]);
  });
});
