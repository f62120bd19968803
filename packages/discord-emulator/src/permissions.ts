import { ALL_PERMISSIONS, PERMISSIONS } from './fixtures.js';
import type { GuildFixture } from './types.js';

/** Guild-level permissions of a member, as Discord computes them (owner and ADMINISTRATOR get everything). */
export function basePermissions(guild: GuildFixture, roleIds: readonly string[], userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  let bits = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) bits |= BigInt(role.permissions);
  }
  return bits & PERMISSIONS.ADMINISTRATOR ? ALL_PERMISSIONS : bits;
}

export function has(bits: bigint, flag: bigint): boolean {
  return (bits & flag) === flag;
}

/** What sending messages carries: denying Send Messages "implicitly denies" these (same section). */
const NEEDS_SEND_MESSAGES =
  PERMISSIONS.MENTION_EVERYONE | PERMISSIONS.SEND_TTS_MESSAGES | PERMISSIONS.ATTACH_FILES | PERMISSIONS.EMBED_LINKS;

/**
 * What Discord ignores in a channel although it is granted (topics/permissions.mdx, "Implicit Permissions"): without
 * View Channel nothing else applies there; without Send Messages, neither do Mention Everyone, Send TTS Messages,
 * Attach Files and Embed Links; in a voice or stage channel, without Connect, Manage Channels does not either ("other
 * permissions such as MANAGE_CHANNEL": the docs name only that one, so only that one is taken away).
 */
export function withImplicitDenials(bits: bigint, channelType: number): bigint {
  if (bits & PERMISSIONS.ADMINISTRATOR) return bits;
  if (!has(bits, PERMISSIONS.VIEW_CHANNEL)) return 0n;
  if (!has(bits, PERMISSIONS.SEND_MESSAGES)) bits &= ~NEEDS_SEND_MESSAGES;
  const voice = channelType === 2 || channelType === 13;
  if (voice && !has(bits, PERMISSIONS.CONNECT)) return bits & ~PERMISSIONS.MANAGE_CHANNELS;
  return bits;
}
