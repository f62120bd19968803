import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

/** `npm run demo` is a new user's first command: it must keep playing every story through the real bot. */
describe('npm run demo', () => {
  it('plays every story and exits 0, with no token and no network', () => {
    const result = spawnSync(process.execPath, ['--import', tsx, 'demo/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const line of [
      'Member: /modality name: ketamine',
      'A note from the library',
      'Did you mean **Ketamine',
      'Moderator: /fireside schedule title: Presence and plant medicine',
      'gets a DM',
      "you're number 1 on the waitlist",
      'Thank you, your question',
      '📎 fireside-1.ics',
      '⏰ Reminder',
      'is starting now',
      'Created the series **Thursday fireside**',
      'Reminders: 1h,10m before the',
      'In #announcements, by itself:',
      'Demo finished: every story played through the real bot.',
    ]) {
      expect(result.stdout).toContain(line);
    }
  });
});
