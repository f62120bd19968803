import { MessageFlags } from 'discord.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import { NO_MENTIONS } from '../discord/replies.js';
import type { PrivacyDeps } from './deps.js';
import { memberDataJson, memberDataText } from './views/member-data.js';

/** `/privacy show`: what the bot holds about the member in this server, to them alone, with all of it as JSON. */
export async function showMemberData(interaction: GuildChatInput, deps: PrivacyDeps): Promise<void> {
  const now = deps.now().getTime();
  const { guildId } = interaction;
  const userId = interaction.user.id;
  const data = deps.memberData.read(guildId, userId, now);
  const pageTitle = (slug: string) => deps.library.get(slug)?.title ?? slug;
  const json = memberDataJson(data, { guildId, userId, now }, pageTitle);
  await interaction.reply({
    content: memberDataText(data, pageTitle),
    files: [
      { attachment: Buffer.from(json, 'utf8'), name: 'my-data.json', description: 'What the bot holds about you' },
    ],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
