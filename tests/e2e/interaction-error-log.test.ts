import { type CommandOption, type EmulatedMessage, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedDiscussion } from '../support/announced-discussion.js';
import { componentsOf } from '../support/components.js';
import { type Harness, type LogLine, replyText, startClockedHarness } from '../support/harness.js';

const clock = Date.parse('2030-06-10T09:00:00Z');
const member = IDS.member;
/** pino's error level. */
const ERROR = 50;

/**
 * A failed answer to a button or form is logged with its custom id, which names what the member was reading or
 * answering (a health page, a discussion): the line never names the member too (PRIVACY.md, Logs). A command's
 * line names the member, never what they typed.
 */
describe('the error line of a failed interaction', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const emulator = () => harness.emulator;
  /** Discord fails the next answers to interactions: the first and discord.js's three retries of it. */
  const failAnswer = () =>
    emulator().failNext(
      { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ },
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      4,
    );
  const errorLine = (match: (line: LogLine) => boolean) =>
    emulator().waitFor(() => harness.logs.find((line) => line.level >= ERROR && match(line)));
  const withCustomId = (prefix: string) => (line: LogLine) => String(line.customId ?? '').startsWith(prefix);
  const page = async () => {
    const result = await emulator().command({
      name: 'modality',
      userId: member,
      options: [{ name: 'name', value: 'ketamine' }],
    });
    return result.message as EmulatedMessage;
  };
  const customIdOf = (message: EmulatedMessage, prefix: string) => {
    const id = componentsOf(message).find((c) => c.custom_id?.startsWith(prefix))?.custom_id;
    if (!id) throw new Error(`no ${prefix} component`);
    return id;
  };

  it('"I\'d join a discussion on this": tells the member what was recorded, and logs the page without them', async () => {
    const message = await page();
    failAnswer();
    const result = await emulator().click({ message, customId: 'interest:ketamine-therapy', userId: member });
    // Recorded before the reply failed: an apology would invite a second tap, which withdraws it.
    expect(await replyText(emulator(), result)).toMatch(
      /^Recorded: .*Ketamine Therapy.*\(Something failed after that; reference `[0-9a-f]{8}`\.\)$/s,
    );
    expect(harness.app.deps.interest.members(IDS.guild, 'ketamine-therapy', 10)).toEqual([member]);
    const line = await errorLine(withCustomId('interest:'));
    expect(line).toMatchObject({
      customId: 'interest:ketamine-therapy',
      msg: 'interaction failed after its work was done',
    });
    expect(line.interactionId).toBe(result.id);
    expect(JSON.stringify(line)).not.toContain(member);
  });

  it('a page’s section button logs the page without the member', async () => {
    const message = await page();
    const customId = customIdOf(message, 'mod:');
    failAnswer();
    await emulator()
      .click({ message, customId, userId: member })
      .catch(() => undefined);
    const line = await errorLine(withCustomId('mod:'));
    expect(line.customId).toBe(customId);
    expect(JSON.stringify(line)).not.toContain(member);
  });

  it('an announcement’s RSVP and Read buttons log the discussion or page without the member', async () => {
    const options: CommandOption[] = [
      { name: 'title', value: 'Breathwork circle' },
      { name: 'start', value: '2030-06-12 18:00' },
      { name: 'topic', value: 'ketamine-therapy' },
    ];
    const scheduled = await emulator().command({
      name: 'fireside',
      subcommand: 'schedule',
      options,
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(emulator(), scheduled)).toMatch(/^Scheduled/);
    const announcement = (await emulator().waitFor(() =>
      emulator().channelMessages(IDS.announcements).at(-1),
    )) as EmulatedMessage;
    for (const prefix of ['rsvp:', 'read:']) {
      const customId = customIdOf(announcement, prefix);
      failAnswer();
      await emulator()
        .click({ message: announcement, customId, userId: member })
        .catch(() => undefined);
      const line = await errorLine(withCustomId(prefix));
      expect(line.customId).toBe(customId);
      expect(JSON.stringify(line)).not.toContain(member);
    }
  });

  it('a reminder DM’s "Can’t make it" logs the discussion without the member’s DM channel, which names them', async () => {
    const id = announcedDiscussion(harness.app.deps, 'Quiet circle', [member], clock);
    const reminded = await emulator().command({
      name: 'remind',
      options: [{ name: 'event', value: String(id) }],
      userId: IDS.moderator,
      channelId: IDS.general,
    });
    expect(await replyText(emulator(), reminded)).toMatch(/^Reminded/);
    const dm = (await emulator().waitFor(() =>
      emulator()
        .dmMessages(member)
        .find((m) => JSON.stringify(m.components).includes(`cant:${id}`)),
    )) as EmulatedMessage;
    failAnswer();
    await emulator()
      .click({ message: dm, customId: `cant:${id}`, userId: member })
      .catch(() => undefined);
    const line = await errorLine(withCustomId('cant:'));
    expect(line.customId).toBe(`cant:${id}`);
    expect(JSON.stringify(line)).not.toContain(harness.app.deps.firesides.dmChannels.get(member) as string);
    expect(JSON.stringify(line)).not.toContain(member);
  });

  it('a command logs the member with its name, never its options', async () => {
    failAnswer();
    await emulator()
      .command({ name: 'modality', userId: member, options: [{ name: 'name', value: 'ketamine' }] })
      .catch(() => undefined);
    const line = await errorLine((l) => l.command === 'modality');
    expect(line.userId).toBe(member);
    expect(JSON.stringify(line)).not.toContain('ketamine');
  });
});
