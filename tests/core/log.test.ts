import { Writable } from 'node:stream';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { WorkDoneError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';

const TYPED = 'zq-typed-title-in-a-body';

function logged(fields: Record<string, unknown>): string {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  createLogger('trace', sink).warn(fields, 'failed');
  return text;
}

const refused = (url: string) =>
  new DiscordAPIError({ code: 50035, message: 'Invalid Form Body' }, 50035, 400, 'POST', url, {
    body: { content: TYPED, embeds: [{ title: TYPED }] },
  });

describe('logged errors', () => {
  it('keep what Discord answered and drop the request they carried, at any depth', () => {
    const direct = logged({ err: refused('https://discord.com/api/v10/channels/1/messages') });
    expect(direct).toContain('Invalid Form Body');
    expect(direct).toContain('/channels/1/messages');
    expect(direct).not.toContain(TYPED);

    const server = new HTTPError(500, 'Internal Server Error', 'PATCH', 'https://discord.com/api/v10/x', {
      body: { content: TYPED },
    });
    const nested = logged({ err: new AggregateError([refused('https://discord.com/api/v10/y'), server], 'both') });
    expect(nested).toContain('aggregateErrors');
    expect(nested).not.toContain(TYPED);
  });

  it('drop what a member was told after work was done, which quotes what they typed', () => {
    const line = logged({ err: new WorkDoneError(`You’re going to **${TYPED}**.`, { cause: new Error('refused') }) });
    expect(line).toContain('failed after its work was done');
    expect(line).not.toContain(TYPED);
  });

  it('never hold an interaction token from a webhook or callback URL', () => {
    const token = 'aW50ZXJhY3Rpb246MTIzOnNlY3JldA';
    const line = logged({ err: refused(`https://discord.com/api/v10/webhooks/100/${token}/messages/@original`) });
    expect(line).toContain('/webhooks/100/[redacted]/messages/@original');
    expect(line).not.toContain(token);
    expect(logged({ err: refused(`https://discord.com/api/v10/interactions/7/${token}/callback`) })).not.toContain(
      token,
    );
  });
});
