import { describe, expect, it } from 'vitest';
import { clampPage, lastPage, pagerRow } from '../../src/discord/pager.js';

const ids = (current: number, last: number) =>
  pagerRow((page) => `p:${page}`, current, last).components.map((b) => [
    'custom_id' in b ? b.custom_id : '',
    b.disabled,
  ]);

describe('pager', () => {
  it('counts pages, an empty list having one', () => {
    expect([0, 1, 10, 11, 40, 41].map((total) => lastPage(total, 10))).toEqual([0, 0, 0, 1, 3, 4]);
  });

  it('clamps a page from an old button to one that exists', () => {
    expect([-1, 0, 2, 9].map((page) => clampPage(page, 2))).toEqual([0, 0, 2, 2]);
  });

  it('leads to the neighbouring pages, disabling the way out of range, and never repeats an id', () => {
    expect(ids(0, 2)).toEqual([
      ['p:0', true],
      ['p:1', false],
    ]);
    expect(ids(1, 2)).toEqual([
      ['p:0', false],
      ['p:2', false],
    ]);
    expect(ids(2, 2)).toEqual([
      ['p:1', false],
      ['p:2', true],
    ]);
    expect(ids(0, 1)).toEqual([
      ['p:0', true],
      ['p:1', false],
    ]);
  });
});
