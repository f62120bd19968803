import { describe, expect, it } from 'vitest';
import { type DueItem, decide } from '../../src/scheduler/decide.js';

const START = Date.parse('2026-05-07T19:00:00Z');
const MIN = 60_000;

function item(kind: DueItem['kind'], offsetMinutes: number, extra: Partial<DueItem> = {}): DueItem {
  return {
    discussionId: 1,
    kind,
    offsetMinutes,
    dueAt: START - offsetMinutes * MIN,
    startsAt: START,
    cancelled: false,
    announced: true,
    ...extra,
  };
}

const summary = (now: number, items: DueItem[]) =>
  decide(items, now)
    .map((d) => `${d.item.kind}:${d.item.offsetMinutes}:${d.send ? 'send' : d.reason}`)
    .sort();

describe('catch-up rules', () => {
  it('send the latest useful reminder only when several fell due during downtime', () => {
    const now = START - 30 * MIN;
    expect(summary(now, [item('reminder', 1440), item('reminder', 60)])).toEqual([
      'reminder:1440:superseded by a later reminder',
      'reminder:60:send',
    ]);
  });

  it('skip reminders and announcements once the discussion has started', () => {
    const now = START + 2 * MIN;
    expect(summary(now, [item('reminder', 60), item('announce', 4320, { announced: false })])).toEqual([
      'announce:4320:stale: the discussion had already started',
      'reminder:60:stale: the discussion had already started',
    ]);
  });

  it('send a start post up to 10 minutes late, and not after', () => {
    expect(summary(START + 10 * MIN, [item('start', 0)])).toEqual(['start:0:send']);
    expect(summary(START + 10 * MIN + 1, [item('start', 0)])).toEqual([
      'start:0:stale: more than 10 minutes after the start',
    ]);
  });

  it('send a late announcement while the discussion has not started', () => {
    expect(summary(START - MIN, [item('announce', 4320, { announced: false })])).toEqual(['announce:4320:send']);
  });

  it('never remind about a cancelled or unannounced discussion', () => {
    const now = START - 30 * MIN;
    expect(summary(now, [item('reminder', 60, { cancelled: true })])).toEqual([
      'reminder:60:the discussion was cancelled',
    ]);
    expect(summary(now, [item('reminder', 60, { announced: false })])).toEqual([
      'reminder:60:due before the announcement went out',
    ]);
  });

  it('keep the reminders of different discussions apart', () => {
    const now = START - 30 * MIN;
    const result = decide([item('reminder', 60), item('reminder', 120, { discussionId: 2 })], now);
    expect(
      result
        .filter((d) => d.send)
        .map((d) => d.item.discussionId)
        .sort(),
    ).toEqual([1, 2]);
  });
});
