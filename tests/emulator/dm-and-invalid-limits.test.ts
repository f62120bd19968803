import { type Emulator, type EmulatorOptions, IDS, startEmulator } from '@healing-library/discord-emulator';
import { afterEach, describe, expect, it } from 'vitest';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  cleanup.push(() => emulator.close());
  return emulator;
}

/** A raw request, so that the emulator's answer is seen as sent (no client library retrying it). */
async function call(emulator: Emulator, method: string, path: string, body?: unknown, auth = true) {
  const response = await fetch(`${emulator.apiUrl}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: 'Bot token' } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Discord’s limits on DMs and invalid requests', () => {
  it('refuses DM channels opened too fast with 40003, and opens them again in the next window', async () => {
    const emulator = await emulatorWith({ rateLimit: { dmOpens: { limit: 2, windowMs: 60_000 } } });
    const open = () => call(emulator, 'POST', '/users/@me/channels', { recipient_id: IDS.member });
    expect((await open()).status).toBe(200);
    expect((await open()).status).toBe(200);
    expect(await open()).toEqual({
      status: 403,
      body: { message: 'You are opening direct messages too fast', code: 40003 },
    });
  });

  it('opens DM channels at any pace when Discord-like limits are off', async () => {
    const emulator = await emulatorWith({});
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(emulator, 'POST', '/users/@me/channels', { recipient_id: IDS.member })),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
  });

  it('restricts every request once the invalid requests (401, 403, 429 not shared) reach the limit', async () => {
    const emulator = await emulatorWith({ rateLimit: { invalidRequests: { limit: 3, windowMs: 60_000 } } });
    expect((await call(emulator, 'GET', '/users/@me', undefined, false)).status).toBe(401);
    emulator.closeDms(IDS.member);
    const dm = await call(emulator, 'POST', '/users/@me/channels', { recipient_id: IDS.member });
    expect((await call(emulator, 'POST', `/channels/${dm.body.id}/messages`, { content: 'hi' })).body.code).toBe(50007);
    // A resource's own limit (scope shared) is not counted against the bot.
    emulator.failNext(
      { method: 'GET', path: /^\/users\/@me$/ },
      {
        status: 429,
        body: { message: 'The resource is being rate limited.', retry_after: 1, global: false },
        headers: { 'x-ratelimit-scope': 'shared' },
      },
    );
    expect((await call(emulator, 'GET', '/users/@me')).status).toBe(429);
    expect(emulator.invalidRequestCount()).toBe(2);
    expect((await call(emulator, 'GET', '/users/@me')).status).toBe(200);
    emulator.failNext(
      { method: 'GET', path: /^\/users\/@me$/ },
      { status: 429, body: { message: 'You are being rate limited.', retry_after: 1, global: false } },
    );
    expect((await call(emulator, 'GET', '/users/@me')).status).toBe(429);
    expect(emulator.invalidRequestCount()).toBe(3);

    const restricted = await call(emulator, 'GET', '/users/@me');
    expect(restricted.status).toBe(429);
    expect(restricted.body.global).toBe(true);
    expect(emulator.invalidRequestCount()).toBe(3);
    expect(emulator.validationErrors).toEqual(["GET /users/@me: over Discord's invalid request limit, IP restricted"]);
  });
});
