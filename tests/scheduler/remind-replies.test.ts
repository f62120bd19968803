import { describe, expect, it } from 'vitest';
import { remindedText } from '../../src/scheduler/views/remind-replies.js';

const report = { dm: 1, fallback: 0, channel: 0, failed: 0 };

describe("the moderator's answer to /remind", () => {
  it('counts the members reminded when the batch went to its end', () => {
    expect(remindedText('Circle', 3, { ...report, dm: 3, stopped: false })).toBe(
      'Reminded 3 members of **Circle**: 3 by DM, 0 by channel fallback, 0 mentioned in the channel, 0 failed.',
    );
  });

  it('never says all were reminded when a cancellation stopped the batch', () => {
    const text = remindedText('Circle', 3, { ...report, stopped: true });
    expect(text).not.toMatch(/^Reminded/);
    expect(text).toBe(
      'The reminder of **Circle** (3 members) reached some of them before the discussion was cancelled: 1 by DM, 0 by channel fallback, 0 mentioned in the channel, 0 failed; stopped when the discussion was cancelled, the rest not reminded.',
    );
  });
});
