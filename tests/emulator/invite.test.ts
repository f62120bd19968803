import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_ROLE_PERMISSIONS } from '@healing-library/discord-emulator';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/processes.js';

describe("the emulator's bot role", () => {
  it('grants exactly what the README asks for in its invite link, so the tests run with the permissions servers give', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const invited = /oauth2\/authorize\?[^`\s]*permissions=(\d+)/.exec(readme)?.[1];
    expect(invited).toBeDefined();
    expect(BigInt(invited as string)).toBe(BOT_ROLE_PERMISSIONS);
  });
});
