import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DM_OPENS, DmOpenLimit } from './dm-open-limit.js';
import { InteractionDriver, waitFor } from './driver.js';
import { ALL_PERMISSIONS, defaultGuild, IDS } from './fixtures.js';
import { Gateway, GUILDS_PER_SHARD } from './gateway.js';
import { parseBody, readBody } from './http-body.js';
import { INVALID_REQUESTS, InvalidRequestBudget } from './invalid-requests.js';
import { mentionedMembers } from './mentions.js';
import { RateLimiter } from './rate-limit.js';
import { matchRoute } from './rest-routes.js';
import type { Reply, RouteContext } from './route-context.js';
import { advanceEvents, SCHEDULED_EVENTS_INTENT } from './routes-guilds.js';
import { STATUS } from './scheduled-event-status.js';
import { EmulatorState } from './state.js';
import type { Emulator, EmulatorOptions, FailureResponse, RecordedRequest } from './types.js';

const API_PREFIX = '/api/v10';
const NOT_FOUND: Reply = { status: 404, body: { message: '404: Not Found', code: 0 } };

interface Injection {
  method: string;
  path: RegExp;
  response: FailureResponse;
  times: number;
}

interface Hold {
  method: string;
  path: RegExp;
  reached: (request: RecordedRequest) => void;
  gate: Promise<void>;
}

function decodePath(raw: string): string {
  return raw
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}

function injectedReply(response: FailureResponse): Reply {
  const headers = { ...response.headers };
  const retryAfter = (response.body as { retry_after?: number } | null)?.retry_after;
  // A 429 without Retry-After would leave @discordjs/rest retrying at once; Discord always sends it.
  if (
    response.status === 429 &&
    retryAfter !== undefined &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')
  ) {
    headers['retry-after'] = String(retryAfter);
    headers['x-ratelimit-remaining'] ??= '0';
    headers['x-ratelimit-reset-after'] ??= String(retryAfter);
    headers['x-ratelimit-scope'] ??= 'user';
  }
  return { status: response.status, body: response.body, headers };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const applicationId = options.applicationId ?? IDS.application;
  const state = new EmulatorState(
    applicationId,
    options.botUserId ?? applicationId,
    options.guilds ?? [defaultGuild()],
    options.now,
  );
  const limiter = new RateLimiter(options.rateLimit, applicationId);
  // Both on real time, like the rate limits: they pace real requests.
  const dmOpens = options.rateLimit ? new DmOpenLimit(options.rateLimit.dmOpens ?? DM_OPENS) : undefined;
  const invalid = new InvalidRequestBudget(options.rateLimit?.invalidRequests ?? INVALID_REQUESTS);
  let restricted = false;
  const injections: Injection[] = [];
  const losses: Injection[] = [];
  const holds: Hold[] = [];
  const releases = new Set<() => void>();
  const requests: RecordedRequest[] = [];
  const validationErrors: string[] = [];
  let baseUrl = '';
  const gatewayUrl = () => `${baseUrl.replace(/^http/, 'ws')}/gateway`;
  const gateway = new Gateway(
    state,
    options.heartbeatIntervalMs ?? 41_250,
    gatewayUrl,
    options.guildsPerShard ?? GUILDS_PER_SHARD,
  );
  const driver = new InteractionDriver(state, gateway);
  const callbackDeadlineMs = options.callbackDeadlineMs ?? 3000;

  function send(res: ServerResponse, reply: Reply, rateHeaders?: Record<string, string>): void {
    if (res.socket?.destroyed) return; // the sender went away while its request was held
    const headers: Record<string, string> = { ...rateHeaders, ...reply.headers };
    invalid.record(reply.status, headers['x-ratelimit-scope'], Date.now());
    if (reply.body === undefined || reply.status === 204) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const json = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(json));
    res.writeHead(reply.status, headers).end(json);
  }

  function serveAttachment(path: string, res: ServerResponse): void {
    const [, , channelId, attachmentId] = path.split('/');
    for (const [messageId, files] of state.files) {
      const message = state.messages.get(messageId);
      if (!message || message.channel_id !== channelId) continue;
      const index = message.attachments.findIndex((a) => a.id === attachmentId);
      const file = files[index];
      if (file) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.data);
        return;
      }
    }
    send(res, NOT_FOUND);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/attachments/')) return serveAttachment(decodePath(url.pathname), res);
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const path = decodePath(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname);
    const match = url.pathname.startsWith(API_PREFIX) ? matchRoute(method, path) : undefined;
    const parsed = parseBody(raw, req.headers['content-type']);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const record: RecordedRequest = {
      method,
      path,
      route: match?.template ?? '',
      query: Object.fromEntries(url.searchParams),
      headers,
      body: parsed.body,
      files: parsed.files,
      at: Date.now(),
    };
    requests.push(record);
    if (options.onRequest) {
      try {
        options.onRequest(record);
      } catch (error) {
        const message = `${method} ${path}: ${(error as Error).message}`;
        validationErrors.push(message);
        return send(res, {
          status: 400,
          body: { code: 50035, message: `Invalid Form Body (emulator validation) ${message}` },
        });
      }
    }
    const restriction = invalid.restriction(Date.now());
    if (restriction) {
      if (!restricted) validationErrors.push(`${method} ${path}: over Discord's invalid request limit, IP restricted`);
      restricted = true;
      // Sent as is: Discord does not count its own restriction against the bot.
      res
        .writeHead(restriction.status, { ...restriction.headers, 'content-type': 'application/json' })
        .end(JSON.stringify(restriction.body));
      return;
    }
    restricted = false;
    const hold = holds.find((h) => h.method === method && h.path.test(path));
    if (hold) {
      // Discord has the request but has not acted on it yet: the sender may die now, and it still takes effect.
      holds.splice(holds.indexOf(hold), 1);
      hold.reached(record);
      await hold.gate;
    }
    const injection = injections.find((i) => i.method === method && i.path.test(path));
    if (injection) {
      if (--injection.times <= 0) injections.splice(injections.indexOf(injection), 1);
      return send(res, injectedReply(injection.response));
    }
    if (parsed.error)
      return send(res, { status: 400, body: { code: 50109, message: 'The request body contains invalid JSON.' } });
    if (!match?.handler) return send(res, NOT_FOUND);
    const verdict = limiter.check(method, match.template, match.params, Date.now());
    if (verdict.limited) return send(res, { status: 429, body: verdict.body }, verdict.headers);
    if (
      !headers.authorization &&
      !match.template.startsWith('/interactions/') &&
      !match.template.startsWith('/webhooks/')
    ) {
      return send(res, { status: 401, body: { message: '401: Unauthorized', code: 0 } }, verdict.headers);
    }
    if (method === 'POST' && match.template === '/users/@me/channels') {
      const refused = dmOpens?.check(Date.now());
      if (refused) return send(res, refused, verdict.headers);
    }
    const ctx: RouteContext = {
      req: record,
      params: match.params,
      state,
      gateway,
      baseUrl,
      gatewayUrl: gatewayUrl(),
      callbackDeadlineMs,
    };
    const reply = match.handler(ctx);
    const lost = losses.find((i) => i.method === method && i.path.test(path));
    if (lost) {
      if (--lost.times <= 0) losses.splice(losses.indexOf(lost), 1);
      return send(res, injectedReply(lost.response));
    }
    send(res, reply, verdict.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      validationErrors.push(`emulator crashed on ${req.method} ${req.url}: ${error.stack ?? error.message}`);
      if (!res.headersSent) send(res, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${baseUrl}/api`,
    gatewayUrl: gatewayUrl(),
    applicationId,
    botUserId: state.botUserId,
    requests,
    validationErrors,
    command: (input) => driver.command(input),
    autocomplete: (input) => driver.autocomplete(input),
    click: (input) => driver.click(input),
    submitModal: (input) => driver.submitModal(input),
    waitFor,
    channelMessages: (channelId) => state.messagesIn(channelId),
    dmMessages: (userId) => {
      const channelId = state.dmChannelByUser.get(userId);
      return channelId ? state.messagesIn(channelId) : [];
    },
    messageFiles: (messageId) => state.files.get(messageId) ?? [],
    scheduledEvents: (guildId) => {
      const guild = state.guild(guildId);
      if (guild) advanceEvents(state, gateway, guild);
      return [...(guild?.scheduledEvents.values() ?? [])];
    },
    closeDms: (userId) => {
      state.closedDms.add(userId);
    },
    deleteMessage: (messageId) => state.deleteMessage(messageId),
    deleteScheduledEvent: (guildId, eventId) => {
      const event = state.guild(guildId)?.scheduledEvents.get(eventId);
      if (!event) return;
      state.guild(guildId)?.scheduledEvents.delete(eventId);
      gateway.broadcast('GUILD_SCHEDULED_EVENT_DELETE', event, SCHEDULED_EVENTS_INTENT, guildId);
    },
    startScheduledEvent: (guildId, eventId) => {
      const guild = state.guild(guildId);
      if (guild) advanceEvents(state, gateway, guild);
      const event = guild?.scheduledEvents.get(eventId);
      // "To start or end an event, … modify the event's status" (resources/guild-scheduled-event.mdx, "Modify Guild
      // Scheduled Event"); only SCHEDULED → ACTIVE starts one ("Valid Guild Scheduled Event Status Transitions").
      // The docs do not say that starting early moves `scheduled_start_time`: the emulator keeps it.
      if (event?.status !== STATUS.SCHEDULED) throw new Error(`Emulator: event ${eventId} is not SCHEDULED`);
      event.status = STATUS.ACTIVE;
      gateway.broadcast('GUILD_SCHEDULED_EVENT_UPDATE', event, SCHEDULED_EVENTS_INTENT, guildId);
    },
    failNext: (match, response, times = 1) => {
      injections.push({ method: match.method.toUpperCase(), path: match.path, response, times });
    },
    loseNextResponse: (match, response, times = 1) => {
      losses.push({ method: match.method.toUpperCase(), path: match.path, response, times });
    },
    setMemberPermissions: (guildId, userId, permissions) => {
      const guild = state.guild(guildId);
      if (!guild) throw new Error(`Emulator: unknown guild ${guildId}`);
      guild.memberPermissions.set(userId, permissions);
    },
    setBotPermissions: (guildId, channelId, permissions) => {
      const guild = state.guild(guildId);
      const channel = guild?.fixture.channels.find((c) => c.id === channelId);
      if (!guild || !channel) throw new Error(`Emulator: unknown channel ${channelId} in guild ${guildId}`);
      if (permissions === null) guild.botChannelPermissions.delete(channelId);
      else guild.botChannelPermissions.set(channelId, BigInt(permissions) & ALL_PERMISSIONS);
      // The client's cache must agree with the REST answers, as it would after an overwrite edit on Discord.
      gateway.broadcast('CHANNEL_UPDATE', state.channelPayload(guild, channel), 0, guildId);
    },
    setBotRolePermissions: (guildId, permissions) => {
      const guild = state.guild(guildId);
      if (!guild) throw new Error(`Emulator: unknown guild ${guildId}`);
      guild.botRolePermissions = BigInt(permissions) & ALL_PERMISSIONS;
      gateway.broadcast('GUILD_ROLE_UPDATE', { guild_id: guildId, role: state.botRolePayload(guild) }, 0, guildId);
    },
    setRole: (guildId, roleId, patch) => {
      const guild = state.guild(guildId);
      const role = guild?.fixture.roles.find((r) => r.id === roleId);
      if (!guild || !role) throw new Error(`Emulator: unknown role ${roleId} in guild ${guildId}`);
      Object.assign(role, patch);
      const payload = state.rolesPayload(guild).find((r) => r.id === roleId);
      gateway.broadcast('GUILD_ROLE_UPDATE', { guild_id: guildId, role: payload }, 0, guildId);
    },
    mentionedMembers: (messageId) => {
      const message = state.messages.get(messageId);
      if (!message) throw new Error(`Emulator: unknown message ${messageId}`);
      return mentionedMembers(state, message);
    },
    holdNext: (match) => {
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = () => {
          releases.delete(release);
          resolve();
        };
      });
      releases.add(release);
      let reached: (request: RecordedRequest) => void = () => {};
      const reachedPromise = new Promise<RecordedRequest>((resolve) => {
        reached = resolve;
      });
      holds.push({ method: match.method.toUpperCase(), path: match.path, reached, gate });
      return { reached: reachedPromise, release };
    },
    invalidRequestCount: () => invalid.count(Date.now()),
    disconnectAll: (code = 4000) => gateway.disconnectAll(code),
    connectedSessions: () => gateway.connectedCount(),
    connectedShards: () => gateway.connectedShards(),
    close: async () => {
      for (const release of [...releases]) release();
      // Ends every wait still open, also one for a follow-up after its callback (settling twice changes nothing).
      for (const record of state.interactions.values()) record.settle(new Error('Emulator closed'));
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
