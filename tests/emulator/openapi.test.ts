import { existsSync } from 'node:fs';
import {
  type Emulator,
  IDS,
  type Json,
  PERMISSIONS,
  type RecordedRequest,
  startEmulator,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createOpenApiValidator,
  openApiSpecPath,
  SPEC_EXCEPTIONS,
  type Validator,
} from '../support/openapi-validator.js';

let validator: Validator | null;
let emulator: Emulator;

beforeAll(async () => {
  validator = await createOpenApiValidator();
  emulator = await startEmulator();
});

afterAll(() => emulator?.close());

function request(method: string, path: string, body?: unknown, query: Record<string, string> = {}): RecordedRequest {
  return { method, path, route: '', query, headers: {}, body, files: [], at: 0 };
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emulator.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: 'Bot test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Checks the emulator's answer against the response schema of the same operation. */
async function expectValidResponse(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await call(method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  expect(validator?.validateResponse(method, path.split('?')[0] as string, res.status, res.body)).toEqual([]);
  return res.body;
}

const specPresent = existsSync(openApiSpecPath());
if (!specPresent) {
  console.warn(
    `\n*** SKIPPED: Discord's OpenAPI description is missing at ${openApiSpecPath()}: requests are NOT validated. Set DISCORD_OPENAPI_PATH. ***\n`,
  );
}

describe.skipIf(!specPresent)('the OpenAPI validator', () => {
  it('is available (the description is present)', () => {
    expect(validator).not.toBeNull();
  });

  it('accepts well-formed requests, literal segments before templated ones', () => {
    const v = validator as Validator;
    expect(
      v.validateRequest(
        request('POST', `/channels/${IDS.general}/messages`, { content: 'hi', allowed_mentions: { parse: [] } }),
      ),
    ).toEqual([]);
    expect(
      v.validateRequest(request('PATCH', `/webhooks/${IDS.application}/tok/messages/@original`, { content: 'edited' })),
    ).toEqual([]);
    expect(
      v.validateRequest(request('POST', '/interactions/1/tok/callback', { type: 5 }, { with_response: 'false' })),
    ).toEqual([]);
  });

  it('reports a message over 2000 characters, a wrong type and an unknown route', () => {
    const v = validator as Validator;
    const long = 'x'.repeat(3000);
    expect(
      v.validateRequest(request('POST', '/interactions/1/tok/callback', { type: 4, data: { content: long } })).join(),
    ).toMatch(/content/);
    expect(v.validateRequest(request('POST', `/channels/${IDS.general}/messages`, { content: long })).join()).toMatch(
      /content/,
    );
    expect(v.validateRequest(request('POST', `/channels/${IDS.general}/messages`, { content: 42 })).join()).toMatch(
      /content must be string/,
    );
    expect(
      v.validateRequest(request('POST', `/channels/${IDS.general}/messages`, { embeds: [{ title: 't'.repeat(300) }] })),
    ).not.toEqual([]);
    expect(v.validateRequest(request('POST', '/interactions/1/tok/callback', { type: 42 }))).not.toEqual([]);
    expect(v.validateRequest(request('GET', '/nowhere'))).toEqual([
      'GET /nowhere is not an operation in the OpenAPI description',
    ]);
    expect(v.validateRequest(request('GET', '/channels/undefined')).join()).toMatch(/channel_id/);
    expect(
      v.validateRequest(request('POST', `/webhooks/${IDS.application}/tok`, { content: 'x' }, { wiat: 'true' })),
    ).toEqual(['unknown query parameter wiat']);
  });

  it('accepts default_member_permissions as a string of digits (a listed exception)', () => {
    const v = validator as Validator;
    const commands = [{ name: 'fireside', description: 'd', default_member_permissions: String(1n << 33n) }];
    expect(v.validateRequest(request('PUT', `/applications/${IDS.application}/commands`, commands))).toEqual([]);
    expect(SPEC_EXCEPTIONS.every((e) => e.reason.length > 20)).toBe(true);
    expect(SPEC_EXCEPTIONS.some((e) => e.where.includes('default_member_permissions'))).toBe(true);
  });
});

describe.skipIf(!specPresent)("the emulator's answers", () => {
  it('match the response schemas', async () => {
    await expectValidResponse('GET', '/users/@me');
    await expectValidResponse('GET', `/users/${IDS.member}`);
    await expectValidResponse('GET', '/gateway/bot');
    await expectValidResponse('GET', '/applications/@me');
    await expectValidResponse('GET', `/guilds/${IDS.guild}`);
    await expectValidResponse('GET', `/guilds/${IDS.guild}/channels`);
    await expectValidResponse('GET', `/guilds/${IDS.guild}/roles`);
    await expectValidResponse('GET', `/guilds/${IDS.guild}/members/${IDS.moderator}`);
    await expectValidResponse('GET', `/channels/${IDS.general}`);
    const message = (await expectValidResponse('POST', `/channels/${IDS.general}/messages`, {
      content: 'hello',
      embeds: [{ title: 'Fireside', fields: [{ name: 'When', value: 'soon' }] }],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Going', custom_id: 'rsvp:1:going' }] }],
    })) as { id: string };
    await expectValidResponse('PATCH', `/channels/${IDS.general}/messages/${message.id}`, { content: 'edited' });
    await expectValidResponse('POST', '/users/@me/channels', { recipient_id: IDS.member });
    await expectValidResponse('PUT', `/applications/${IDS.application}/commands`, [
      { name: 'fireside', description: 'Discussions', default_member_permissions: '8589934592', options: [] },
    ]);
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 90_000_000).toISOString();
    const external = (await expectValidResponse('POST', `/guilds/${IDS.guild}/scheduled-events`, {
      name: 'Grief circle',
      privacy_level: 2,
      entity_type: 3,
      scheduled_start_time: start,
      scheduled_end_time: end,
      entity_metadata: { location: 'Healing Library' },
    })) as { id: string };
    // Hosting in a stage takes Create Events and a stage moderator's permissions there.
    const P = PERMISSIONS;
    const stageModerator =
      P.VIEW_CHANNEL | P.CONNECT | P.MANAGE_CHANNELS | P.MUTE_MEMBERS | P.MOVE_MEMBERS | P.CREATE_EVENTS;
    emulator.setBotPermissions(IDS.guild, IDS.stage, stageModerator.toString());
    await expectValidResponse('POST', `/guilds/${IDS.guild}/scheduled-events`, {
      name: 'Stage talk',
      privacy_level: 2,
      entity_type: 1,
      channel_id: IDS.stage,
      scheduled_start_time: start,
    });
    await expectValidResponse('PATCH', `/guilds/${IDS.guild}/scheduled-events/${external.id}`, {
      description: 'Bring tea',
    });
    await expectValidResponse('GET', `/guilds/${IDS.guild}/scheduled-events`);
  });

  it('answers a raw gateway client, and its with_response callback matches the schema', async () => {
    const socket = new WebSocket(`${emulator.gatewayUrl}?v=10&encoding=json`);
    const frames: Json[] = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 2, d: { token: 'raw', intents: 1, properties: {} } }));
    const pending = emulator.command({ name: 'ping' });
    const interaction = await emulator.waitFor(() => frames.find((f) => f.t === 'INTERACTION_CREATE')?.d, {
      what: 'INTERACTION_CREATE',
    });
    expect(frames.map((f) => f.t ?? f.op).slice(0, 3)).toEqual([10, 'READY', 'GUILD_CREATE']);
    const path = `/interactions/${interaction.id}/${interaction.token}/callback?with_response=true`;
    const res = await call('POST', path, { type: 4, data: { content: 'pong' } });
    expect(validator?.validateResponse('POST', path.split('?')[0] as string, res.status, res.body)).toEqual([]);
    expect((await pending).message?.content).toBe('pong');
    socket.close();
  });
});
