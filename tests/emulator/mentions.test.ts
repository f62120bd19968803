import {
  BOT_ROLE_PERMISSIONS,
  type Emulator,
  IDS,
  PERMISSIONS,
  startEmulator,
} from '@healing-library/discord-emulator';
import type { Client, TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareClient } from '../../bench/bare-client.js';

/** Mentions as Discord records them (developers/resources/message.mdx, "Allowed Mentions Object", "Edit Message"). */
describe('emulator mentions', () => {
  let emulator: Emulator;
  let client: Client<true>;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = await startBareClient(emulator.apiUrl);
  });
  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  const channel = () => client.channels.cache.get(IDS.announcements) as TextChannel;
  const ping = `<@&${IDS.moderatorRole}> and <@${IDS.member}>`;
  const stored = (id: string) => emulator.channelMessages(IDS.announcements).find((m) => m.id === id);

  it('mentions a role only when allowed, and notifies its members only when it is mentionable or the bot may Mention Everyone', async () => {
    const allowed = await channel().send({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    // The bot's role has Mention Everyone (the README's invite): any role it is allowed to ping is notified.
    expect(stored(allowed.id)?.mention_roles).toEqual([IDS.moderatorRole]);
    expect(stored(allowed.id)?.mentions).toEqual([]);
    expect(emulator.mentionedMembers(allowed.id)).toEqual([IDS.moderator]);

    const suppressed = await channel().send({ content: ping, allowedMentions: { parse: [] } });
    expect(emulator.mentionedMembers(suppressed.id)).toEqual([]);

    // Without Mention Everyone, a role that is not mentionable is shown but nobody is notified.
    emulator.setBotRolePermissions(IDS.guild, (BOT_ROLE_PERMISSIONS & ~PERMISSIONS.MENTION_EVERYONE).toString());
    const unheard = await channel().send({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    expect(stored(unheard.id)?.mention_roles).toEqual([]);
    expect(emulator.mentionedMembers(unheard.id)).toEqual([]);

    // An admin makes the role mentionable; the client hears of it.
    emulator.setRole(IDS.guild, IDS.moderatorRole, { mentionable: true });
    await emulator.waitFor(() => channel().guild.roles.cache.get(IDS.moderatorRole)?.mentionable);
    const heard = await channel().send({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    expect(emulator.mentionedMembers(heard.id)).toEqual([IDS.moderator]);

    // Without allowed_mentions a regular message parses every type; @everyone still needs Mention Everyone.
    const everyone = await channel().send({ content: `@everyone ${ping}`, allowedMentions: undefined });
    expect(stored(everyone.id)).toMatchObject({ mention_everyone: false, mention_roles: [IDS.moderatorRole] });
    expect(emulator.mentionedMembers(everyone.id).sort()).toEqual([IDS.member, IDS.moderator].sort());
  });

  it('rebuilds the mentions of an edited content from the edit, and keeps them when the content is left out', async () => {
    const message = await channel().send({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    expect(emulator.mentionedMembers(message.id)).toEqual([IDS.moderator]);

    await message.edit({ embeds: [{ title: 'counts' }], allowedMentions: { parse: [] } });
    expect(emulator.mentionedMembers(message.id)).toEqual([IDS.moderator]);

    await message.edit({ content: ping, allowedMentions: { parse: [] } });
    expect(stored(message.id)?.mention_roles).toEqual([]);
    expect(emulator.mentionedMembers(message.id)).toEqual([]);
  });

  it('ignores Mention Everyone where Send Messages is denied, as Discord implies (topics/permissions.mdx)', async () => {
    emulator.setBotRolePermissions(IDS.guild, BOT_ROLE_PERMISSIONS.toString());
    emulator.setRole(IDS.guild, IDS.moderatorRole, { mentionable: false });
    await emulator.waitFor(() => channel().guild.roles.cache.get(IDS.moderatorRole)?.mentionable === false);
    const message = await channel().send({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    expect(stored(message.id)?.mention_roles).toEqual([IDS.moderatorRole]);

    // An overwrite takes Send Messages away in the channel; Mention Everyone stays granted, but no longer applies.
    emulator.setBotPermissions(
      IDS.guild,
      IDS.announcements,
      (BOT_ROLE_PERMISSIONS & ~PERMISSIONS.SEND_MESSAGES).toString(),
    );
    await message.edit({ content: ping, allowedMentions: { roles: [IDS.moderatorRole] } });
    expect(stored(message.id)?.mention_roles).toEqual([]);
    expect(emulator.mentionedMembers(message.id)).toEqual([]);
    emulator.setBotPermissions(IDS.guild, IDS.announcements, null);
  });
});
