import { type CommandOption, IDS } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startClockedHarness } from '../support/harness.js';

const clock = Date.parse('2030-06-10T09:00:00Z');

/** The @everyone role (its id is the server's) as the moderator role would make every member a moderator. */
describe('/setup moderator-role:@everyone', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startClockedHarness(() => clock);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const settings = () => harness.app.deps.firesides.settings.get(IDS.guild);
  const setup = (options: CommandOption[]) =>
    harness.emulator.command({ name: 'setup', userId: IDS.admin, channelId: IDS.general, options });
  const scheduleAsMember = async () =>
    replyText(
      harness.emulator,
      await harness.emulator.command({
        name: 'fireside',
        subcommand: 'schedule',
        userId: IDS.member,
        channelId: IDS.general,
        options: [
          { name: 'title', value: 'Anyone may moderate' },
          { name: 'start', value: '2030-12-03 19:00' },
        ],
      }),
    );

  it('is refused with an ephemeral answer, and nothing given with it is stored', async () => {
    const before = settings();
    const refused = await setup([
      { name: 'moderator-role', value: IDS.guild, type: 8 },
      { name: 'timezone', value: 'Europe/London' },
    ]);
    expect(refused.ephemeral).toBe(true);
    expect(await replyText(harness.emulator, refused)).toBe(
      'Pick a specific role for moderators, not @everyone: every member would be one.',
    );
    expect(settings()).toEqual(before);
    expect(before.moderatorRoleId).toBeNull();
    expect(await scheduleAsMember()).toMatch(/^Only moderators can do this/);

    // A specific role is still taken.
    expect(
      await replyText(harness.emulator, await setup([{ name: 'moderator-role', value: IDS.moderatorRole, type: 8 }])),
    ).not.toMatch(/@everyone/);
    expect(settings().moderatorRoleId).toBe(IDS.moderatorRole);
  });

  it('makes nobody a moderator when stored before it was refused', async () => {
    harness.app.deps.firesides.settings.update(IDS.guild, { moderatorRoleId: IDS.guild }, clock);
    expect(await scheduleAsMember()).toMatch(/^Only moderators can do this/);
  });
});
