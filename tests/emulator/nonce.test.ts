import { type Emulator, IDS, startEmulator } from '@healing-library/discord-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** Create Message as the bot sends it, straight to the emulator. */
async function post(emulator: Emulator, body: Record<string, unknown>) {
  const response = await fetch(`${emulator.apiUrl}/v10/channels/${IDS.general}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bot token' },
    body: JSON.stringify({ allowed_mentions: { parse: [] }, ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Create Message with a nonce (resources/message.mdx)', () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({});
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('with enforce_nonce, returns the message created earlier with that nonce and creates none', async () => {
    const first = await post(emulator, { content: 'Circle tonight', nonce: 'n-1', enforce_nonce: true });
    const again = await post(emulator, { content: 'Circle tonight', nonce: 'n-1', enforce_nonce: true });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body.nonce).toBe('n-1');
    expect(emulator.channelMessages(IDS.general)).toHaveLength(1);
    const other = await post(emulator, { content: 'Circle tonight', nonce: 'n-2', enforce_nonce: true });
    expect(other.body.id).not.toBe(first.body.id);
    expect(emulator.channelMessages(IDS.general)).toHaveLength(2);
  });

  it('without enforce_nonce, creates a message each time', async () => {
    await post(emulator, { content: 'Circle tonight', nonce: 'n-1' });
    await post(emulator, { content: 'Circle tonight', nonce: 'n-1' });
    expect(emulator.channelMessages(IDS.general)).toHaveLength(2);
  });

  it('refuses a nonce over 25 characters with 50035', async () => {
    const refused = await post(emulator, { content: 'x', nonce: 'n'.repeat(26), enforce_nonce: true });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 50035, errors: { nonce: {} } });
    expect((await post(emulator, { content: 'x', nonce: 'n'.repeat(25), enforce_nonce: true })).status).toBe(200);
  });

  it('a lost response: the message is created, and the sender hears only the failure', async () => {
    emulator.loseNextResponse(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status: 502, body: { message: 'Bad Gateway', code: 0 } },
    );
    const lost = await post(emulator, { content: 'Circle tonight' });
    expect(lost.status).toBe(502);
    expect(emulator.channelMessages(IDS.general).map((m) => m.content)).toEqual(['Circle tonight']);
  });
});
