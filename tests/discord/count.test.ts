import { describe, expect, it } from 'vitest';
import { count } from '../../src/discord/count.js';

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect([0, 1, 2].map((n) => count(n, 'member'))).toEqual(['0 members', '1 member', '2 members']);
    expect(count(2, 'reply', 'replies')).toBe('2 replies');
  });
});
