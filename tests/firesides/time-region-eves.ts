/**
 * Starts typed near a change of clocks or on the day they name, as [text, server zone, now, start]. chrono reckons
 * the changes of ET, PT and CET, and its forwardDate, in the process's own zone; each must hold whatever TZ it runs in.
 */
export const REGION_EVES: [text: string, server: string, now: string, expected: string][] = [
  // Fri 7 Mar 2031 19:30 PST: tomorrow's 19:00 is Saturday's, the eve of the change, still PST.
  ['7pm PT', 'America/Los_Angeles', '2031-03-08T03:30:00Z', '2031-03-09T03:00:00.000Z'],
  ['saturday 7pm PT', 'America/Los_Angeles', '2031-03-02T03:30:00Z', '2031-03-09T03:00:00.000Z'],
  ['11pm ET', 'America/New_York', '2031-03-08T04:30:00Z', '2031-03-09T04:00:00.000Z'],
  // Any time on Sat 8 Mar: midnight is Sunday's first minute, still EST.
  ['12am ET', 'America/New_York', '2031-03-08T15:00:00Z', '2031-03-09T05:00:00.000Z'],
  ['12am ET', 'UTC', '2031-03-09T04:30:00Z', '2031-03-09T05:00:00.000Z'],
  ['2031-03-08 7pm PT', 'UTC', '2031-03-01T12:00:00Z', '2031-03-09T03:00:00.000Z'],
  // Fri 31 Oct 2031 20:30 PDT: Saturday 1 Nov, the eve of the change back, still PDT.
  ['8pm PT', 'America/Los_Angeles', '2031-11-01T03:30:00Z', '2031-11-02T03:00:00.000Z'],
  // Sat 8 Mar 2031 20:00 EST: 7pm is Sunday's, in EDT.
  ['7pm ET', 'UTC', '2031-03-09T01:00:00Z', '2031-03-09T23:00:00.000Z'],
  // Sat 29 Mar 2031 20:30 in Paris: next Saturday is in summer time.
  ['saturday 7pm CET', 'UTC', '2031-03-29T19:30:00Z', '2031-04-05T17:00:00.000Z'],
  ['7pm (CET)', 'UTC', '2031-03-29T19:30:00Z', '2031-03-30T17:00:00.000Z'],
  // chrono's own forwardDate compared a weekday with the process's clock: in Tokyo it kept Saturday's past 19:00,
  // in New York it skipped Saturday's 21:00 still ahead.
  ['saturday 7pm', 'America/Los_Angeles', '2031-03-02T03:30:00Z', '2031-03-09T03:00:00.000Z'],
  ['saturday 9pm', 'America/Los_Angeles', '2031-03-02T03:30:00Z', '2031-03-02T05:00:00.000Z'],
  ['saturday 9pm PT', 'UTC', '2031-03-02T03:30:00Z', '2031-03-02T05:00:00.000Z'],
];
