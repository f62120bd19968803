import { IDS, startEmulator } from '@healing-library/discord-emulator';
import { describe, expect, it } from 'vitest';

describe('Discord’s limits on message components', () => {
  it('refuses a link button whose url is over 512 characters with 50035, and sends one of 512', async () => {
    const emulator = await startEmulator({});
    try {
      const send = async (url: string) => {
        const response = await fetch(`${emulator.apiUrl}/v10/channels/${IDS.general}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bot token' },
          body: JSON.stringify({
            content: 'Read on',
            allowed_mentions: { parse: [] },
            components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Full page', url }] }],
          }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const url = (length: number) => `https://example.org/${'a'.repeat(length - 20)}`;
      expect((await send(url(512))).status).toBe(200);
      const refused = await send(url(513));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 50035, errors: { 'components.0.components.0.url': {} } });
    } finally {
      await emulator.close();
    }
  });
});
