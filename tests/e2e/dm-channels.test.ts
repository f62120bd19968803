import { defaultGuild, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOW_AT } from '../../src/discord/invalid-requests.js';
import type { DiscordRest } from '../../src/discord/rest.js';
import { sendToMembers } from '../../src/firesides/index.js';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('DMs to members', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    // Going to a discussion ahead: the scheduler's retention sweep keeps DM channels only for members with something
    // ahead (docs/scheduler.md), and DMs like these go to such members.
    announcedDiscussion(harness.app.deps, 'Evening circle', [IDS.member], Date.now());
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const send = (content: string) =>
    sendToMembers(harness.app.client, harness.app.deps, {
      guildId: IDS.guild,
      fallbackChannelId: IDS.announcements,
      userIds: [IDS.member],
      payload: { content },
    });
  const opens = () => harness.emulator.requests.filter((request) => request.path === '/users/@me/channels').length;

  it('open a member’s DM channel once and remember it across restarts', async () => {
    expect(await send('first')).toMatchObject({ dm: [IDS.member] });
    await harness.restart();
    expect(await send('second')).toMatchObject({ dm: [IDS.member] });
    expect(opens()).toBe(1);
    expect(harness.emulator.dmMessages(IDS.member).map((message) => message.content)).toEqual(['first', 'second']);
  });

  it('open the channel again when the remembered one is gone', async () => {
    harness.app.deps.firesides.dmChannels.set(IDS.member, '399999999999999999');
    const before = opens();
    expect(await send('third')).toMatchObject({ dm: [IDS.member] });
    expect(opens()).toBe(before + 1);
    expect(harness.app.deps.firesides.dmChannels.get(IDS.member)).not.toBe('399999999999999999');
    expect(harness.emulator.dmMessages(IDS.member).at(-1)?.content).toBe('third');
  });
});

/**
 * Discord refuses DM channels opened too fast (40003) and restricts an IP after 10,000 invalid requests (401, 403,
 * 429) in 10 minutes. The emulator here allows 2 openings a second, far fewer than the bot's first guess.
 */
describe('DMs within Discord’s limits', () => {
  const memberIds = Array.from({ length: 6 }, (_, i) => String(620_000_000_000_000_000n + BigInt(i)));
  let harness: Harness;
  let clock = Date.parse('2031-05-01T12:00:00Z');
  beforeAll(async () => {
    const guild = defaultGuild();
    for (const userId of memberIds) guild.members.push({ userId, username: `d${userId.slice(-2)}`, roles: [] });
    harness = await startHarness({
      emulator: { guilds: [guild], rateLimit: { dmOpens: { limit: 2, windowMs: 1_000 } } },
      now: () => new Date(clock),
      scheduler: { cron: false },
    });
    // Going to a discussion ahead, as everyone the bot DMs has something to be DMed about: DM records are kept for
    // such members only (hasDmReason).
    announcedDiscussion(harness.app.deps, 'Evening circle', memberIds, clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const send = (userIds: string[], content: string) =>
    sendToMembers(harness.app.client, harness.app.deps, {
      guildId: IDS.guild,
      fallbackChannelId: IDS.announcements,
      userIds,
      payload: { content },
    });
  const opens = () => harness.emulator.requests.filter((r) => r.path === '/users/@me/channels').length;
  const rest = () => harness.app.client.rest as DiscordRest;
  const tooFast = () => harness.logs.filter((line) => line.msg === 'Discord says DMs are opened too fast; waiting');

  it('waits when Discord says DMs are opened too fast, and reaches every member all the same', async () => {
    const result = await send(memberIds, 'Tonight at 7');
    expect(result).toEqual({ dm: memberIds, fallback: [], failed: [], fallbackFailed: [] });
    for (const userId of memberIds) expect(harness.emulator.dmMessages(userId), userId).toHaveLength(1);
    // Refused openings were made again: more requests than members.
    expect(opens()).toBeGreaterThan(memberIds.length);
    expect(tooFast().length).toBeGreaterThan(0);
    expect(harness.emulator.validationErrors).toEqual([]);
  });

  it('waits as long as Discord’s retry_after says, when it sends one', async () => {
    harness.app.deps.firesides.dmChannels.forget(IDS.member);
    const before = tooFast().length;
    harness.emulator.failNext(
      { method: 'POST', path: /^\/users\/@me\/channels$/ },
      { status: 403, body: { message: 'You are opening direct messages too fast', code: 40003, retry_after: 1.5 } },
    );
    expect(await send([IDS.member], 'After the wait')).toMatchObject({ dm: [IDS.member], failed: [] });
    expect(
      tooFast()
        .slice(before)
        .map((line) => line.waitMs),
    ).toEqual([1_500]);
  });

  it('remembers closed DMs: the member is mentioned at once, without another refused DM, until tried again a week later', async () => {
    const [closed, open] = memberIds as [string, string];
    harness.emulator.closeDms(closed);
    const since = harness.emulator.requests.length;
    const dmPosts = () => {
      const path = `/channels/${harness.app.deps.firesides.dmChannels.get(closed)}/messages`;
      return harness.emulator.requests.slice(since).filter((r) => r.path === path).length;
    };
    const invalidBefore = rest().invalidRequests.count();

    expect(await send([closed, open], 'First reminder')).toEqual({
      dm: [open],
      fallback: [closed],
      failed: [],
      fallbackFailed: [],
    });
    expect(dmPosts()).toBe(1);
    // The bot counted Discord's refusal (403) as an invalid request, as the emulator did.
    expect(rest().invalidRequests.count()).toBe(invalidBefore + 1);
    const emulatorInvalid = harness.emulator.invalidRequestCount();

    clock += 24 * 3_600_000;
    expect(await send([closed, open], 'Second reminder')).toEqual({
      dm: [open],
      fallback: [closed],
      failed: [],
      fallbackFailed: [],
    });
    expect(dmPosts()).toBe(1);
    expect(harness.emulator.invalidRequestCount()).toBe(emulatorInvalid);
    const mentions = harness.emulator.channelMessages(IDS.announcements).filter((m) => m.content?.includes(closed));
    expect(mentions.map((m) => m.content?.split('\n')[1])).toEqual(['First reminder', 'Second reminder']);

    // A member may open their DMs again: after a week the bot tries once more.
    clock += 7 * 24 * 3_600_000;
    expect(await send([closed], 'Third reminder')).toEqual({
      dm: [],
      fallback: [closed],
      failed: [],
      fallbackFailed: [],
    });
    expect(dmPosts()).toBe(2);
  });

  it('slows DMs to one a second when invalid requests near Discord’s limit', async () => {
    // As if the last minutes had brought that many 401, 403 and 429 answers.
    for (let i = 0; i < SLOW_AT; i++) rest().invalidRequests.record(403);
    const reached = memberIds.slice(2, 5);
    const sentBefore = harness.emulator.requests.length;
    expect(await send(reached, 'Slowly')).toMatchObject({ dm: reached, failed: [] });
    const posts = harness.emulator.requests
      .slice(sentBefore)
      .filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path))
      .map((r) => r.at);
    expect(posts).toHaveLength(3);
    // Spaced by the bot's own one-second turns (timers never fire early by more than a millisecond).
    for (let i = 1; i < posts.length; i++) expect((posts[i] as number) - (posts[i - 1] as number)).toBeGreaterThan(990);
    const slowed = harness.logs.filter((line) => String(line.msg).includes('member DMs slowed to one a second'));
    expect(slowed).toHaveLength(1);
    expect(slowed[0]?.invalidRequests).toBeGreaterThanOrEqual(SLOW_AT);
  });
});
