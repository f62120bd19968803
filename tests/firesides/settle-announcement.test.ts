import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnnouncementSettler } from '../../src/firesides/settle-announcement.js';

describe('settling an announcement after a burst', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does nothing when no other answer came in meanwhile', () => {
    const settler = createAnnouncementSettler(1_000);
    const refresh = vi.fn(async () => {});
    settler.check(1, 3, 3, refresh);
    vi.advanceTimersByTime(5_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('makes one edit once the burst settles, whatever the number of stale clicks', () => {
    const settler = createAnnouncementSettler(1_000);
    const refresh = vi.fn(async () => {});
    settler.check(1, 1, 2, refresh);
    vi.advanceTimersByTime(600);
    settler.check(1, 2, 4, refresh);
    vi.advanceTimersByTime(600);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps discussions apart and runs pending edits on flush', async () => {
    const settler = createAnnouncementSettler(1_000);
    const first = vi.fn(async () => {});
    const second = vi.fn(async () => {});
    settler.check(1, 1, 2, first);
    settler.check(2, 5, 6, second);
    await settler.flush();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(first).toHaveBeenCalledTimes(1);
  });
});
