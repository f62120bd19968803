import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { EmulatorState } from './state.js';
import type { Json } from './types.js';

const OP = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  RESUME: 6,
  RECONNECT: 7,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
};
/** "Each shard can only support a maximum of 2500 guilds" (developers/events/gateway.mdx, "Sharding"). */
export const GUILDS_PER_SHARD = 2500;
/** Dispatches kept per session for RESUME replay. */
const REPLAY_LIMIT = 2_000;

interface Session {
  id: string;
  socket: WebSocket | null;
  seq: number;
  intents: number;
  /** [shard_id, num_shards] as identified; [0, 1] when the bot sent none. */
  shard: Shard;
  log: Array<{ s: number; frame: string }>;
}

type Shard = readonly [id: number, count: number];

/** The guild's shard: "shard_id = (guild_id >> 22) % num_shards" (developers/events/gateway.mdx, "Sharding Formula"). */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/**
 * Whether a session receives an event: by the sharding formula for a guild's event; "Gateway events that do not
 * contain a guild_id will only be sent to the first shard (shard_id: 0)" (developers/events/gateway.mdx, "Sharding").
 */
function routesTo(session: Session, guildId: string | undefined): boolean {
  const [id, count] = session.shard;
  return guildId === undefined ? id === 0 : shardOf(guildId, count) === id;
}

/** A shard array as Discord accepts it: two integers, 0 ≤ shard_id < num_shards (4010 Invalid shard otherwise). */
function validShard(value: unknown): Shard | undefined {
  if (value === undefined || value === null) return [0, 1];
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [id, count] = value;
  if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count) return undefined;
  return [id, count];
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, Session>();
  /** Dispatches sent while no session existed yet; the first IDENTIFY receives them. */
  private orphaned: Array<{ t: string; d: unknown; guildId?: string }> = [];
  private nextSession = 0;
  private roundRobin = 0;

  constructor(
    private readonly state: EmulatorState,
    private readonly heartbeatIntervalMs: number,
    private readonly resumeUrl: () => string,
    /** Guilds one session may serve before 4011 (EmulatorOptions.guildsPerShard). */
    private readonly guildsPerShard: number,
  ) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private onConnection(socket: WebSocket): void {
    let session: Session | undefined;
    socket.send(
      JSON.stringify({ op: OP.HELLO, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null }),
    );
    socket.on('message', (raw) => {
      let payload: { op: number; d: Json };
      try {
        payload = JSON.parse(raw.toString());
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case OP.HEARTBEAT:
          socket.send(JSON.stringify({ op: OP.HEARTBEAT_ACK, d: null, s: null, t: null }));
          break;
        case OP.IDENTIFY:
          if (session) return socket.close(4005, 'Already authenticated.');
          if (!payload.d?.token) return socket.close(4004, 'Authentication failed.');
          session = this.identify(socket, Number(payload.d.intents ?? 0), payload.d.shard);
          break;
        case OP.RESUME:
          session = this.resume(socket, payload.d);
          break;
        default:
          // Presence, voice state and request-members updates change nothing here.
          if (!session && payload.op !== 3 && payload.op !== 4 && payload.op !== 8)
            socket.close(4003, 'Not authenticated.');
      }
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
    });
    socket.on('error', () => {});
  }

  private identify(socket: WebSocket, intents: number, requested: unknown): Session | undefined {
    // Close codes: developers/topics/opcodes-and-status-codes.mdx, "Gateway Close Event Codes".
    const shard = validShard(requested);
    if (!shard) {
      socket.close(4010, 'Invalid shard.');
      return undefined;
    }
    const guilds = [...this.state.guilds.values()].filter((g) => shardOf(g.fixture.id, shard[1]) === shard[0]);
    // "Each shard can only support a maximum of 2500 guilds" (developers/events/gateway.mdx, "Sharding").
    if (guilds.length > this.guildsPerShard) {
      socket.close(4011, 'Sharding required.');
      return undefined;
    }
    const id = `session-${++this.nextSession}-${Math.random().toString(36).slice(2, 10)}`;
    const session: Session = { id, socket, seq: 0, intents, shard, log: [] };
    this.sessions.set(id, session);
    this.send(session, 'READY', {
      v: 10,
      user: { ...this.state.userPayload(this.state.botUserId), verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.fixture.id, unavailable: true })),
      session_id: id,
      session_type: 'normal',
      resume_gateway_url: this.resumeUrl(),
      // READY's shard: "Shard information associated with this session, if sent when identifying".
      ...(requested === undefined || requested === null ? {} : { shard }),
      application: { id: this.state.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      user_settings: {},
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth_session_id_hash: '',
    });
    for (const guild of guilds) this.send(session, 'GUILD_CREATE', this.state.guildCreatePayload(guild));
    const mine = this.orphaned.filter((o) => routesTo(session, o.guildId));
    this.orphaned = this.orphaned.filter((o) => !mine.includes(o));
    for (const { t, d } of mine) this.send(session, t, d);
    return session;
  }

  private resume(socket: WebSocket, d: { session_id?: string; seq?: number }): Session | undefined {
    const session = d?.session_id ? this.sessions.get(d.session_id) : undefined;
    if (!session) {
      socket.send(JSON.stringify({ op: OP.INVALID_SESSION, d: false, s: null, t: null }));
      return undefined;
    }
    if (session.socket && session.socket !== socket) session.socket.close(4000, 'Resumed elsewhere.');
    session.socket = socket;
    const after = Number(d.seq ?? 0);
    for (const entry of session.log) if (entry.s > after) socket.send(entry.frame);
    this.send(session, 'RESUMED', null);
    return session;
  }

  private send(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    const frame = JSON.stringify({ op: OP.DISPATCH, t, s, d });
    session.log.push({ s, frame });
    if (session.log.length > REPLAY_LIMIT) session.log.splice(0, session.log.length - REPLAY_LIMIT);
    if (session.socket && session.socket.readyState === 1) session.socket.send(frame);
  }

  /**
   * Sends to ONE session of the guild's shard (shard 0 without a guild), round-robin over the connected ones, as
   * Discord does for duplicated sessions of one shard (or the one that connected last, for a test that must reach
   * one process). With none connected, a resumable session gets it (replayed on RESUME).
   */
  dispatchOne(t: string, d: unknown, pick: 'round-robin' | 'newest' = 'round-robin', guildId?: string): string {
    const routed = [...this.sessions.values()].filter((s) => routesTo(s, guildId));
    const live = routed.filter((s) => s.socket && s.socket.readyState === 1);
    const candidates = live.length > 0 ? live : routed;
    if (candidates.length === 0) {
      this.orphaned.push({ t, d, guildId });
      return '';
    }
    const session = (
      pick === 'newest' ? candidates.at(-1) : candidates[this.roundRobin++ % candidates.length]
    ) as Session;
    this.send(session, t, d);
    return session.id;
  }

  /** Sends to every session of the guild's shard whose intents include the bit (0 = always). */
  broadcast(t: string, d: unknown, intent: number, guildId: string): void {
    for (const session of this.sessions.values()) {
      if (!routesTo(session, guildId)) continue;
      if (intent === 0 || (session.intents & intent) !== 0) this.send(session, t, d);
    }
  }

  /**
   * GET /gateway/bot's `shards`, "Recommended number of shards to use when connecting" (developers/events/gateway.mdx,
   * "Get Gateway Bot"). Discord does not document how it counts; the emulator recommends the fewest shards that keep
   * each under the guilds one shard may serve.
   */
  recommendedShards(): number {
    return Math.max(1, Math.ceil(this.state.guilds.size / this.guildsPerShard));
  }

  /** The shard of each connected session, for tests. */
  connectedShards(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const s of this.sessions.values()) if (s.socket && s.socket.readyState === 1) out.push([...s.shard]);
    return out;
  }

  connectedCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.socket && s.socket.readyState === 1) n++;
    return n;
  }

  disconnectAll(code: number): void {
    for (const session of this.sessions.values()) session.socket?.close(code, 'Emulator dropped the connection.');
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
