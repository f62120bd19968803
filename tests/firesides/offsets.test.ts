import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { formatOffsets, parseDuration, parseOffsets } from '../../src/firesides/offsets.js';

describe('reminder offsets', () => {
  it('reads comma-separated offsets, earliest reminder first, without duplicates', () => {
    expect(parseOffsets('1h, 24h')).toEqual([1_440, 60]);
    expect(parseOffsets('30m,3d,30m')).toEqual([4_320, 30]);
    expect(parseOffsets(' NONE ')).toEqual([]);
    expect(parseDuration('2w')).toBe(20_160);
  });

  it.each(['0h', '24', 'h', '5y', '1h;2h', '5w'])('refuses %j with examples', (text) => {
    expect(() => parseOffsets(text)).toThrow(UserError);
  });

  it('formats back what it reads', () => {
    expect(formatOffsets(parseOffsets('24h,1h,90m'))).toBe('1d,90m,1h');
    expect(formatOffsets([])).toBe('none');
  });
});
