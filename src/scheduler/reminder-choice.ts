import type { GuildChatInput } from '../discord/guild-interaction.js';
import { ephemeral } from '../discord/replies.js';
import type { SchedulerDeps } from './deps.js';
import { reminderChoiceText } from './views/remind-replies.js';

/** `/reminders on|off`: automatic reminders for this member in this server only. */
export async function setReminders(interaction: GuildChatInput, deps: SchedulerDeps, on: boolean): Promise<void> {
  deps.scheduling.prefs.set(interaction.guildId, interaction.user.id, on, deps.now().getTime());
  await interaction.reply(ephemeral(reminderChoiceText(on)));
}
