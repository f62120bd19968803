import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_MAX, customId, parseCustomId } from '../../src/discord/custom-id.js';

describe('custom ids', () => {
  it('round-trips every kind with typed arguments', () => {
    expect(parseCustomId(customId('mod', 'ketamine-therapy', 'risks'))).toEqual({
      kind: 'mod',
      args: ['ketamine-therapy', 'risks'],
    });
    expect(parseCustomId(customId('rsvp', 42, 'maybe'))).toEqual({ kind: 'rsvp', args: [42, 'maybe'] });
    expect(parseCustomId(customId('list', 3))).toEqual({ kind: 'list', args: [3] });
    expect(parseCustomId(customId('forget', 'yes', '500000000000000001', 1_900_000_000_000))).toEqual({
      kind: 'forget',
      args: ['yes', '500000000000000001', 1_900_000_000_000],
    });
  });

  it('rejects ids that were tampered with or come from another version', () => {
    for (const value of [
      '',
      'mod',
      'mod:ketamine-therapy',
      'mod:ketamine-therapy:nope',
      'mod:Ketamine:overview',
      'mod:ketamine-therapy:overview:extra',
      'rsvp:abc:going',
      'rsvp:-1:going',
      'rsvp:1:yes',
      'list:1.5',
      'forget:maybe:500000000000000001:1900000000000',
      'forget:yes:someone:1900000000000',
      'forget:yes:500000000000000001:soon',
      'unknown:1',
      '__proto__:1',
      'toString',
    ]) {
      expect(parseCustomId(value), value).toBeUndefined();
    }
  });

  it('refuses to build an id over Discord’s limit', () => {
    expect(() => customId('mod', `a${'-b'.repeat(CUSTOM_ID_MAX)}`, 'overview')).toThrow(/over 100/);
  });
});
