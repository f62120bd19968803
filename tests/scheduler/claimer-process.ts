// A second OS process claiming due work on its own connection to the same database file (forked by concurrency.test.ts).
import { openDatabase } from '../../src/db/open.js';
import { createWorkStore } from '../../src/scheduler/work-store.js';

const [path, holder, now] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(path);
const work = createWorkStore(db);
process.once('message', () => {
  const claimed: string[] = [];
  for (;;) {
    // One item per transaction, so the two claimers interleave as much as they can.
    const batch = work.claimDue(Number(now), holder, 1).claimed;
    if (batch.length === 0) break;
    for (const item of batch) claimed.push(`${item.discussionId}:${item.kind}:${item.offsetMinutes}`);
  }
  db.close();
  process.send?.(claimed, () => process.exit(0));
});
process.send?.('ready');
