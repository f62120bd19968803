import { type Interaction, PermissionFlagsBits } from 'discord.js';
import { UserError } from '../core/errors.js';
import { parseIdOption, quoteTyped } from '../discord/typed-text.js';
import { isAnnounced } from './announced.js';
import type { FiresideDeps } from './deps.js';
import type { Discussion } from './types.js';

type GuildInteraction = Interaction<'cached' | 'raw'>;

function memberRoleIds(interaction: GuildInteraction): readonly string[] {
  const roles = interaction.member?.roles;
  if (!roles) return [];
  return Array.isArray(roles) ? roles : [...roles.cache.keys()];
}

/**
 * Checked on every use, not only through default_member_permissions: a server can override who sees a command,
 * and the moderator role is the server's own setting.
 */
export function isModerator(interaction: GuildInteraction, deps: Pick<FiresideDeps, 'firesides'>): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents)) return true;
  const role = deps.firesides.settings.get(interaction.guildId).moderatorRoleId;
  // @everyone (its id is the server's) is refused by /setup; one stored before that makes nobody a moderator.
  return role !== null && role !== interaction.guildId && memberRoleIds(interaction).includes(role);
}

export function requireModerator(interaction: GuildInteraction, deps: Pick<FiresideDeps, 'firesides'>): void {
  if (!isModerator(interaction, deps)) {
    throw new UserError(
      'Only moderators can do this: members with **Manage Events** or the moderator role set in `/setup`.',
    );
  }
}

export function requireModeratorOrFacilitator(
  interaction: GuildInteraction,
  deps: Pick<FiresideDeps, 'firesides'>,
  discussion: Discussion,
): void {
  if (discussion.facilitatorId === interaction.user.id || isModerator(interaction, deps)) return;
  throw new UserError('Only moderators and the facilitator of this discussion can see this.');
}

export function requireManageServer(interaction: GuildInteraction): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('Only members with **Manage Server** can change the Fireside settings.');
  }
}

/** Who may name a discussion not announced yet (a series occurrence): moderators, and its facilitator. */
export function seesDiscussion(
  interaction: GuildInteraction,
  deps: Pick<FiresideDeps, 'firesides'>,
  discussion: Discussion,
): boolean {
  return isAnnounced(discussion) || discussion.facilitatorId === interaction.user.id || isModerator(interaction, deps);
}

const EVENT_HINT = 'Pick a discussion from the list as you type, or see `/fireside list`.';

/**
 * An `event:` option or a custom id: ids of another server's discussions are as unknown as missing ones, and so are
 * those `canSee` hides, in the same words: ids are sequential, so any difference would tell a guesser what exists.
 */
export function resolveDiscussion(
  deps: Pick<FiresideDeps, 'firesides'>,
  guildId: string,
  value: string | number,
  canSee: (discussion: Discussion) => boolean = () => true,
): Discussion {
  const id = typeof value === 'number' ? value : parseIdOption(value);
  const discussion = id === undefined ? undefined : deps.firesides.discussions.getInGuild(guildId, id);
  if (!discussion || !canSee(discussion)) {
    throw new UserError(
      `${quoteTyped(String(value), 40)} is not a Fireside Discussion of this server, or not one announced yet. ${EVENT_HINT}`,
    );
  }
  return discussion;
}
