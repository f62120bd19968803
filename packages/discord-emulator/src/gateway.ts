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
/** Dispatches kept per session for RESUME replay. */
const REPLAY_LIMIT = 2_000;

interface Session {
  id: string;
  socket: WebSocket | null;
  seq: number;
  intents: number;
  log: Array<{ s: number; frame: string }>;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, Session>();
  /** Dispatches sent while no session existed yet; the first IDENTIFY receives them. */
  private orphaned: Array<{ t: string; d: unknown }> = [];
  private nextSession = 0;
  private roundRobin = 0;

  constructor(
    private readonly state: EmulatorState,
    private readonly heartbeatIntervalMs: number,
    private readonly resumeUrl: () => string,
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
          session = this.identify(socket, Number(payload.d.intents ?? 0));
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

  private identify(socket: WebSocket, intents: number): Session {
    const id = `session-${++this.nextSession}-${Math.random().toString(36).slice(2, 10)}`;
    const session: Session = { id, socket, seq: 0, intents, log: [] };
    this.sessions.set(id, session);
    const guilds = [...this.state.guilds.values()];
    this.send(session, 'READY', {
      v: 10,
      user: { ...this.state.userPayload(this.state.botUserId), verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.fixture.id, unavailable: true })),
      session_id: id,
      session_type: 'normal',
      resume_gateway_url: this.resumeUrl(),
      shard: [0, 1],
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
    const orphaned = this.orphaned;
    this.orphaned = [];
    for (const { t, d } of orphaned) this.send(session, t, d);
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
   * Sends to ONE session, round-robin over the connected ones, as Discord does for sharded or
   * duplicated bots (or the one that connected last, for a test that must reach one process). With none
   * connected, a resumable session gets it (replayed on RESUME).
   */
  dispatchOne(t: string, d: unknown, pick: 'round-robin' | 'newest' = 'round-robin'): string {
    const live = [...this.sessions.values()].filter((s) => s.socket && s.socket.readyState === 1);
    const candidates = live.length > 0 ? live : [...this.sessions.values()];
    if (candidates.length === 0) {
      this.orphaned.push({ t, d });
      return '';
    }
    const session = (
      pick === 'newest' ? candidates.at(-1) : candidates[this.roundRobin++ % candidates.length]
    ) as Session;
    this.send(session, t, d);
    return session.id;
  }

  /** Sends to every session whose intents include the bit (0 = always). */
  broadcast(t: string, d: unknown, intent = 0): void {
    for (const session of this.sessions.values()) {
      if (intent === 0 || (session.intents & intent) !== 0) this.send(session, t, d);
    }
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
