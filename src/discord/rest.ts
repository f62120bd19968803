// From discord.js, not @discordjs/rest: its ESM build has its own error classes, which `instanceof DiscordAPIError`
// would miss.
import { randomBytes } from 'node:crypto';
import {
  type Client,
  type InternalRequest,
  REST,
  RESTEvents,
  type RESTOptions,
  RequestMethod,
  type ResponseLike,
} from 'discord.js';
import { DmOpenPace } from './dm-open-pace.js';
import { InvalidRequestWindow } from './invalid-requests.js';

/**
 * Discord exempts every interaction endpoint from the bot's global limit of 50 requests a second: the callback, and
 * the follow-ups and edits made through the interaction's own webhook. @discordjs/rest exempts only the callback, so
 * during a burst of RSVP clicks each member would wait seconds for the follow-up that says where they stand, and the
 * bot's other sends would queue behind those follow-ups. This manager sends the interaction webhook routes through a
 * second manager without the global limit; their per-route buckets and 429s are still honoured.
 */
export class DiscordRest extends REST {
  private readonly interactionWebhooks: REST;
  private readonly interactionPrefix: string;
  /** Every 401, 403 and 429 of both managers in the last 10 minutes, the count Discord bans an IP on. */
  readonly invalidRequests = new InvalidRequestWindow();
  /** How fast DM channels may be opened, learnt from Discord's 40003 refusals. */
  readonly dmOpens = new DmOpenPace();
  /** Requests of both managers Discord answered 429, since the start (the metrics read it when scraped). */
  tooManyRequests = 0;
  /**
   * Told the id of each interaction whose callback Discord accepted, for the time to a first answer. A hook on the
   * request's own promise, not a second `response` listener: every listener makes each response an event, a copy of
   * the request and a clone of the response, on the path of every interaction.
   */
  onCallbackAccepted: ((interactionId: string) => void) | undefined;

  constructor(options: Partial<RESTOptions>, applicationId: string) {
    super(options);
    this.interactionWebhooks = new REST({ ...options, globalRequestsPerSecond: Number.MAX_SAFE_INTEGER });
    this.interactionPrefix = `/webhooks/${applicationId}/`;
    // Whoever watches this manager for rate limits and responses sees those of both.
    this.interactionWebhooks.on(RESTEvents.RateLimited, (data) => this.emit(RESTEvents.RateLimited, data));
    this.interactionWebhooks.on(RESTEvents.InvalidRequestWarning, (data) =>
      this.emit(RESTEvents.InvalidRequestWarning, data),
    );
    this.interactionWebhooks.on(RESTEvents.Response, (request, response) =>
      this.emit(RESTEvents.Response, request, response),
    );
    this.on(RESTEvents.Response, (_request: unknown, response: ResponseLike) => {
      // Only the status and headers: with the default strategy the body is the caller's own stream, unread yet.
      this.invalidRequests.record(response.status, response.headers.get('x-ratelimit-scope'));
      if (response.status === 429) this.tooManyRequests++;
    });
  }

  override queueRequest(request: InternalRequest) {
    if (request.auth === false && request.fullRoute.startsWith(this.interactionPrefix))
      return this.interactionWebhooks.queueRequest(request);
    const sent = super.queueRequest(withNonce(request));
    const accepted = this.onCallbackAccepted;
    const id = accepted && callbackOf(request.fullRoute);
    // Resolved: Discord took it (after any 429s); a refusal is the caller's to handle, and is not an answer.
    if (id !== undefined) sent.then(() => accepted?.(id), ignore);
    return sent;
  }

  override clearHashSweeper(): void {
    super.clearHashSweeper();
    this.interactionWebhooks.clearHashSweeper();
  }

  override clearHandlerSweeper(): void {
    super.clearHandlerSweeper();
    this.interactionWebhooks.clearHandlerSweeper();
  }
}

const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;

/**
 * A message the bot creates in a channel (an announcement, a reminder, a DM) is sent with a nonce of its own and
 * `enforce_nonce` (developers/resources/message.mdx, Create Message): "If another message was created by the same
 * author with the same nonce, that message will be returned and no new message will be created." @discordjs/rest
 * sends a request again after a 5xx, a reset connection or its timeout, when Discord may have posted it already; the
 * retry repeats the nonce, so members see one post and the bot records the one they see. (Interaction replies and
 * follow-ups take no nonce.)
 */
function withNonce(request: InternalRequest): InternalRequest {
  const { body } = request;
  if (request.method !== RequestMethod.Post || request.passThroughBody || !CHANNEL_MESSAGES.test(request.fullRoute))
    return request;
  // discord.js's own message payloads carry `nonce: undefined` when none was asked for.
  if (typeof body !== 'object' || body === null || (body as { nonce?: unknown }).nonce != null) return request;
  // 20 characters of the 25 Discord takes, random: two posts never share one.
  return { ...request, body: { ...body, nonce: randomBytes(15).toString('base64url'), enforce_nonce: true } };
}

const INTERACTIONS = '/interactions/';

/** The interaction whose callback a route is (`/interactions/{id}/{token}/callback`), else undefined. */
function callbackOf(route: string): string | undefined {
  if (!route.startsWith(INTERACTIONS) || !route.endsWith('/callback')) return undefined;
  return route.slice(INTERACTIONS.length, route.indexOf('/', INTERACTIONS.length));
}

const ignore = () => undefined;

/** Puts a DiscordRest in place of the manager the client built, whose sweepers are stopped. */
export function useDiscordRest(client: Client, applicationId: string): void {
  client.rest.clearHashSweeper();
  client.rest.clearHandlerSweeper();
  client.rest = new DiscordRest(client.options.rest ?? {}, applicationId);
}
