import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnnouncementSettler } from '../../src/firesides/settle-announcement.js';

describe('settling an announcement after a burst', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('makes one edit once the burst settles, however many answers asked for one', () => {
    const settler = createAnnouncementSettler(1_000);
    const refresh = vi.fn(async () => {});
    settler.request(1, refresh);
    vi.advanceTimersByTime(600);
    settler.request(1, refresh);
    vi.advanceTimersByTime(600);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps discussions apart and runs pending edits on flush', async () => {
    const settler = createAnnouncementSettler(1_000);
    const first = vi.fn(async () => {});
    const second = vi.fn(async () => {});
    settler.request(1, first);
    settler.request(2, second);
    await settler.flush();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(first).toHaveBeenCalledTimes(1);
  });
});
