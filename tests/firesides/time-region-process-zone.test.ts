import { afterAll, expect, it } from 'vitest';
import { parseStart } from '../../src/firesides/time.js';
import { REGION_EVES } from './time-region-eves.js';

// Node reads TZ again whenever it is set, and each test file has its own process (pool: forks).
const before = process.env.TZ;
afterAll(() => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
});

it.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'])(
  'reads ET, PT and CET the same in a process on %s',
  (tz) => {
    process.env.TZ = tz;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(tz);
    for (const [text, server, now, expected] of REGION_EVES) {
      expect([text, server, now, parseStart(text, server, new Date(now)).toISOString()]).toEqual([
        text,
        server,
        now,
        expected,
      ]);
    }
  },
);
