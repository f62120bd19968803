import {
  BOT_ROLE_PERMISSIONS,
  type Emulator,
  IDS,
  type Json,
  PERMISSIONS,
  startEmulator,
} from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

/** Discord's clock, moved by the tests. */
let clock = Date.parse('2030-03-04T10:00:00Z');
const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.parse('2030-03-05T18:00:00Z') + offsetMs).toISOString();
const P = PERMISSIONS;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: () => clock });
});

afterAll(() => emulator?.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${emulator.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: 'Bot test', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const events = `/guilds/${IDS.guild}/scheduled-events`;
const external = (name: string) => ({
  name,
  privacy_level: 2,
  entity_type: 3,
  scheduled_start_time: at(0),
  scheduled_end_time: at(HOUR),
  entity_metadata: { location: 'Healing Library' },
});
const inChannel = (name: string, channelId: string, entityType: 1 | 2) => ({
  name,
  privacy_level: 2,
  entity_type: entityType,
  channel_id: channelId,
  scheduled_start_time: at(0),
});

async function create(body: object): Promise<string> {
  const res = await call('POST', events, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}
const statusOf = async (id: string) => (await call('GET', `${events}/${id}`)).body.status;
const FINISHED = { status: 400, body: { code: 180000, message: 'Cannot update a finished event' } };

describe('scheduled events move on by themselves, on Discord’s clock', () => {
  it('starts an external event at its start and completes it at its end, telling the gateway; then refuses changes with 180000', async () => {
    clock = Date.parse('2030-03-04T10:00:00Z');
    const id = await create(external('Open circle'));
    const socket = new WebSocket(`${emulator.gatewayUrl}?v=10&encoding=json`);
    const updates: Json[] = [];
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString());
      if (frame.t === 'GUILD_SCHEDULED_EVENT_UPDATE' && frame.d.id === id) updates.push(frame.d);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 2, d: { token: 'raw', intents: 1 << 16, properties: {} } }));
    await emulator.waitFor(() => emulator.connectedSessions() > 0);

    expect(await statusOf(id)).toBe(1);
    clock = Date.parse(at(0));
    expect(await statusOf(id)).toBe(2);
    await emulator.waitFor(() => updates.length === 1 && updates[0].status === 2, { what: 'the ACTIVE update' });
    clock = Date.parse(at(HOUR));
    expect(emulator.scheduledEvents(IDS.guild).find((e) => e.id === id)?.status).toBe(3);
    await emulator.waitFor(() => updates.length === 2 && updates[1].status === 3, { what: 'the COMPLETED update' });
    expect(await call('PATCH', `${events}/${id}`, { name: 'Too late' })).toMatchObject(FINISHED);
    socket.close();
  });

  it('never starts a voice event by itself, cancels one not begun hours after its start, and allows only the documented transitions', async () => {
    clock = Date.parse('2030-03-04T10:00:00Z');
    const unstarted = await create(inChannel('Voice circle', IDS.voice, 2));
    const started = await create(inChannel('Voice circle, begun', IDS.voice, 2));
    clock = Date.parse(at(HOUR));
    expect(await statusOf(unstarted)).toBe(1);
    expect(await call('PATCH', `${events}/${started}`, { status: 2 })).toMatchObject({ status: 200 });
    // ACTIVE can only complete.
    expect((await call('PATCH', `${events}/${started}`, { status: 4 })).status).toBe(400);
    clock = Date.parse(at(5 * HOUR));
    expect(await statusOf(unstarted)).toBe(4);
    expect(await call('PATCH', `${events}/${unstarted}`, { status: 2 })).toMatchObject(FINISHED);
    expect(await statusOf(started)).toBe(2);
    expect(await call('PATCH', `${events}/${started}`, { status: 3 })).toMatchObject({ status: 200 });
    expect(await call('PATCH', `${events}/${started}`, { description: 'Again' })).toMatchObject(FINISHED);
  });

  it('lets a host start a voice event early, keeping its start time; only a SCHEDULED event can be started', async () => {
    clock = Date.parse('2030-03-04T10:00:00Z');
    const id = await create(inChannel('Voice circle, started early', IDS.voice, 2));
    clock = Date.parse(at(-10 * 60_000));
    emulator.startScheduledEvent(IDS.guild, id);
    expect((await call('GET', `${events}/${id}`)).body).toMatchObject({ status: 2, scheduled_start_time: at(0) });
    expect(() => emulator.startScheduledEvent(IDS.guild, id)).toThrow(/not SCHEDULED/);
  });

  it('clears a field sent as null and keeps one left out', async () => {
    clock = Date.parse('2030-03-04T10:00:00Z');
    const id = await create({ ...external('Described'), description: 'Bring tea' });
    expect((await call('PATCH', `${events}/${id}`, { name: 'Renamed' })).body.description).toBe('Bring tea');
    expect((await call('PATCH', `${events}/${id}`, { description: null })).body.description).toBeNull();
  });
});

describe('event permissions are computed in the event’s channel', () => {
  const refused = { status: 403, body: { code: 50013 } };
  const voiceHost = P.VIEW_CHANNEL | P.CONNECT | P.CREATE_EVENTS;
  const stageHost = voiceHost | P.MANAGE_CHANNELS | P.MUTE_MEMBERS | P.MOVE_MEMBERS;

  it('refuses a voice or stage event where the channel withholds a permission the server grants, and implies denials', async () => {
    clock = Date.parse('2030-03-04T10:00:00Z');
    expect(BOT_ROLE_PERMISSIONS & P.CREATE_EVENTS).toBe(P.CREATE_EVENTS);
    emulator.setBotPermissions(IDS.guild, IDS.voice, (voiceHost & ~P.CREATE_EVENTS).toString());
    expect(await call('POST', events, inChannel('Voice', IDS.voice, 2))).toMatchObject(refused);
    // Without View Channel nothing else applies there (topics/permissions, "Implicit Permissions").
    emulator.setBotPermissions(IDS.guild, IDS.voice, (voiceHost & ~P.VIEW_CHANNEL).toString());
    expect(await call('POST', events, inChannel('Voice', IDS.voice, 2))).toMatchObject({
      status: 403,
      body: { code: 50001 },
    });
    emulator.setBotPermissions(IDS.guild, IDS.voice, voiceHost.toString());
    const voice = await create(inChannel('Voice', IDS.voice, 2));

    emulator.setBotPermissions(IDS.guild, IDS.stage, (stageHost & ~P.CREATE_EVENTS).toString());
    expect(await call('POST', events, inChannel('Stage', IDS.stage, 1))).toMatchObject(refused);
    // In a stage, without Connect, Manage Channels does not apply either.
    emulator.setBotPermissions(IDS.guild, IDS.stage, (stageHost & ~P.CONNECT).toString());
    expect(await call('POST', events, inChannel('Stage', IDS.stage, 1))).toMatchObject(refused);
    emulator.setBotPermissions(IDS.guild, IDS.stage, stageHost.toString());
    await create(inChannel('Stage', IDS.stage, 1));

    // Changing its own event takes Create Events or Manage Events there.
    emulator.setBotPermissions(IDS.guild, IDS.voice, ((voiceHost & ~P.CREATE_EVENTS) | P.MANAGE_EVENTS).toString());
    expect(await call('PATCH', `${events}/${voice}`, { name: 'Voice, renamed' })).toMatchObject({ status: 200 });
    emulator.setBotPermissions(IDS.guild, IDS.voice, (voiceHost & ~P.CREATE_EVENTS).toString());
    expect(await call('PATCH', `${events}/${voice}`, { name: 'Voice, again' })).toMatchObject(refused);
    // Reading it takes View Channel there.
    emulator.setBotPermissions(IDS.guild, IDS.voice, '0');
    expect((await call('GET', `${events}/${voice}`)).status).toBe(403);
    expect((await call('GET', events)).body.map((e: Json) => e.id)).not.toContain(voice);
    // An external event needs Create Events at the server level only.
    expect((await call('POST', events, external('Elsewhere'))).status).toBe(200);
    emulator.setBotPermissions(IDS.guild, IDS.voice, null);
    emulator.setBotPermissions(IDS.guild, IDS.stage, null);
  });
});
