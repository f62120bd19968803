import { IDS } from '@healing-library/discord-emulator';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, replyText, startHarness } from '../support/harness.js';

/**
 * "Guild only" is declared once: the dispatcher refuses anything from a DM before a handler runs, except the
 * buttons reminders carry into DMs (`cant`), so handlers are written for guild interactions only.
 */
describe('interactions from outside the server', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ scheduler: { cron: false } });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  async function dmWithButtons(...customIds: string[]) {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      customIds.map((id) => new ButtonBuilder().setCustomId(id).setLabel(id).setStyle(ButtonStyle.Secondary)),
    );
    await harness.app.client.users.send(IDS.member, {
      content: 'Buttons in a DM',
      components: [row],
      allowedMentions: { parse: [] },
    });
    const message = harness.emulator.dmMessages(IDS.member).at(-1);
    if (!message) throw new Error('no DM');
    return message;
  }

  it('refuse a server button clicked in a DM before its handler runs, and let a reminder’s through', async () => {
    const message = await dmWithButtons('rsvp:1:going', 'events:0', 'cant:1');
    for (const customId of ['rsvp:1:going', 'events:0']) {
      const click = await harness.emulator.click({ message, customId, userId: IDS.member });
      expect(click.ephemeral, customId).toBe(true);
      expect(await replyText(harness.emulator, click), customId).toBe(
        'The Healing Library bot works inside its community server.',
      );
    }
    // Reminders are DMed, so their button reaches its handler, which finds no discussion the member answered.
    const cant = await harness.emulator.click({ message, customId: 'cant:1', userId: IDS.member });
    expect(await replyText(harness.emulator, cant)).toMatch(/^This reminder is out of date/);
    expect(harness.app.deps.firesides.rsvps.get(1, IDS.member)).toBeUndefined();
  });
});
