import { NO_MENTIONS } from '../../discord/replies.js';
import type { GuildSettings } from '../types.js';
import { settingsView } from './lists.js';

export const noCreateEventsText =
  'Discord events are on, but I am missing **Create Events** in this server: allow it for my role, or no event will be created.';

/** The answer to /setup: what was saved or cleared, the warnings, and the settings as they now stand. */
export function setupReply(
  settings: GuildSettings,
  saved: { changed: boolean; cleared: string | null; warnings: string[] },
) {
  const done = saved.cleared ? `Settings saved; \`${saved.cleared}\` cleared.` : 'Settings saved.';
  const content = [saved.changed ? done : 'Current settings (give an option to change one).', ...saved.warnings].join(
    '\n',
  );
  return { content, embeds: [settingsView(settings)], allowedMentions: NO_MENTIONS };
}
