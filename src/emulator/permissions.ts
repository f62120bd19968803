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
