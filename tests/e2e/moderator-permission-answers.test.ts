import { IDS, PERMISSIONS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

const clock = Date.parse('2030-07-01T12:00:00Z');
const WITHOUT_SEND = PERMISSIONS.VIEW_CHANNEL | PERMISSIONS.EMBED_LINKS | PERMISSIONS.READ_MESSAGE_HISTORY;
const WITHOUT_EMBEDS = PERMISSIONS.VIEW_CHANNEL | PERMISSIONS.SEND_MESSAGES | PERMISSIONS.READ_MESSAGE_HISTORY;

/** A moderator whose command the bot cannot carry out in the channel reads which permission is missing, and what stands. */
describe('moderators are told which permission is missing, in the words of what they asked', () => {
  let harness: Harness;
  /** The bot's permissions in the announcement channel, once its client has heard of them. */
  async function botMay(permissions: bigint, flag: 'SendMessages' | 'EmbedLinks', has: boolean) {
    harness.emulator.setBotPermissions(IDS.guild, IDS.announcements, permissions.toString());
    await harness.emulator.waitFor(() => {
      const channel = harness.app.client.channels.cache.get(IDS.announcements);
      const me = harness.app.client.guilds.cache.get(IDS.guild)?.members.me;
      return channel && me && 'permissionsFor' in channel && channel.permissionsFor(me)?.has(flag) === has;
    });
  }
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
    await botMay(WITHOUT_SEND, 'SendMessages', false);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** A moderator's /remind audience:channel: one post in the discussion's channel. */
  const remindInChannel = (id: number) =>
    harness.emulator.command({
      name: 'remind',
      options: [
        { name: 'event', value: String(id) },
        { name: 'audience', value: 'channel' },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });

  it('/remind audience:channel names the missing permission and sends nothing', async () => {
    const id = announcedDiscussion(harness.app.deps, 'Quiet channel', [IDS.member], clock);
    const posts = harness.emulator.channelMessages(IDS.announcements).length;
    const result = await remindInChannel(id);
    expect(await replyText(harness.emulator, result)).toBe(
      `I cannot post in <#${IDS.announcements}>: I am missing **Send Messages** there. Ask an admin to allow it for my role, or move the discussion with \`/fireside edit channel:\`. Nothing was sent.`,
    );
    expect(harness.emulator.channelMessages(IDS.announcements)).toHaveLength(posts);
  });

  it('/fireside series edit says nothing was changed, not that nothing was scheduled', async () => {
    const created = await harness.emulator.command({
      name: 'fireside',
      group: 'series',
      subcommand: 'create',
      options: [
        { name: 'title', value: 'Weekly circle' },
        { name: 'schedule', value: '0 19 * * 4' },
        { name: 'channel', value: IDS.general, type: 7 },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(harness.emulator, created)).toMatch(/Created the series/);
    const [series] = harness.app.deps.scheduling.series.listByGuild(IDS.guild);
    const edit = await harness.emulator.command({
      name: 'fireside',
      group: 'series',
      subcommand: 'edit',
      options: [
        { name: 'series', value: String(series?.id) },
        { name: 'channel', value: IDS.announcements, type: 7 },
      ],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(harness.emulator, edit)).toMatch(/missing \*\*Send Messages\*\*.* Nothing was changed\.$/);
    expect(harness.app.deps.scheduling.series.get(series?.id ?? 0)?.channelId).toBe(IDS.general);
  });

  it('/remind audience:channel needs no Embed Links: its post is text and a button', async () => {
    await botMay(WITHOUT_EMBEDS, 'EmbedLinks', false);
    const id = announcedDiscussion(harness.app.deps, 'Plain words', [IDS.member], clock);
    const result = await remindInChannel(id);
    expect(await replyText(harness.emulator, result)).toMatch(/^Posted/);
    expect(harness.emulator.channelMessages(IDS.announcements).at(-1)?.content).toContain('Plain words');
  });

  it('/remind audience:channel on a discussion whose channel was deleted says how to move it', async () => {
    const gone = '399999999999999999';
    const id = announcedDiscussion(harness.app.deps, 'Lost channel', [IDS.member], clock, { channelId: gone });
    const result = await remindInChannel(id);
    expect(await replyText(harness.emulator, result)).toBe(
      `The channel <#${gone}> no longer exists: move the discussion with \`/fireside edit channel:\`. Nothing was sent.`,
    );
  });
});
