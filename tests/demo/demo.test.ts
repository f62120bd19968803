import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root, TSX_LOADER as tsx } from '../support/processes.js';

/** Each step is found after the one before it, so the transcript tells the story in this order. */
function expectInOrder(text: string, steps: readonly string[]): void {
  let from = 0;
  for (const step of steps) {
    const at = text.indexOf(step, from);
    expect(at, `"${step}" after character ${from}`).toBeGreaterThanOrEqual(0);
    from = at + step.length;
  }
}

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
      'Moderator: /fireside schedule title: A circle on ketamine therapy',
      'gets a DM',
      "you're number 1 on the",
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
    const scheduled = result.stdout.slice(result.stdout.indexOf('Scheduled **A circle on ketamine therapy**'));
    const announcementLink = /https:\/\/discord\.com\/channels\/\S+/.exec(scheduled)?.[0] ?? 'no link';
    expectInOrder(result.stdout, [
      // The member reads the page, finds nothing planned and asks for a discussion.
      'Member: /modality name: ketamine',
      'None planned yet.',
      "Member clicks: [I'd join a discussion on this]",
      'Recorded: you would join a discussion on **Ketamine Therapy**',
      // The moderator sees a count, never who.
      'Moderator: /library interest',
      '**Ketamine Therapy**: 1 member · no discussion planned',
      // The discussion on the page is announced with its topic and the Read button.
      'topic: ketamine',
      '│ Topic\n    │   Ketamine Therapy',
      '[Read: Ketamine Therapy]',
      // One DM with the link; the page now lists the discussion and links to it; the member answers.
      'You asked to hear when a discussion on **Ketamine Therapy** is planned',
      'Answer on its announcement:',
      announcementLink,
      '[Open the announcement ↗]',
      'Member: /modality name: ketamine',
      '**A circle on ketamine therapy ↗** ·',
      '· 0 going',
      '[Discussion: A circle on ketamine therapy ↗]',
      'Member follows [Discussion: A circle on ketamine therapy ↗]',
      'Member clicks: [Going]',
      "You're going to **A circle on ketamine therapy**",
      // Another member reads the page from the announcement, privately.
      'Another member clicks: [Read: Ketamine Therapy] on the announcement\n    (only you can see this)',
      'Healing Library · Ketamine Therapy: Overview',
    ]);
    expect(result.stdout.split('You asked to hear').length - 1).toBe(1);
    const report = result.stdout.slice(result.stdout.indexOf('Moderator: /library interest'));
    expect(report.slice(0, report.indexOf('━━'))).not.toMatch(/river|@|500000000000000001/);
  });
});
