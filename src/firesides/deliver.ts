import {
  type APIActionRowComponent,
  type APIChannel,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type Client,
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import type { Logger } from '../core/log.js';
import { DmOpenPace } from '../discord/dm-open-pace.js';
import { DiscordRest } from '../discord/rest.js';
import type { FiresideDeps } from './deps.js';
import type { DmChannelStore } from './dm-channel-store.js';

export interface MemberPayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export interface SendResult {
  /** Reached by DM. */
  dm: string[];
  /** DMs closed (50007): mentioned in the fallback channel instead. */
  fallback: string[];
  /** Neither worked; logged. */
  failed: string[];
  /** Of those, the members whose DMs were closed and whose mention instead failed. */
  fallbackFailed: string[];
}

const CONTENT_MAX = 2_000;
const MENTIONS_MAX = 100;
/** Room kept for mentions when the payload's own text is long. */
const CONTENT_KEEP = 1_700;

/** Tries to open one DM channel: after this many refusals for opening too fast (40003), the member counts as failed. */
const OPEN_ATTEMPTS = 8;

const isCode = (error: unknown, code: number): error is DiscordAPIError =>
  error instanceof DiscordAPIError && error.code === code;

/**
 * Opens a DM channel at the pace Discord allows: on 40003 (opening DMs too fast) it waits (Discord's retry_after
 * when sent) and tries the same member again, so nobody is lost to it. The pace is the REST manager's, shared by
 * every sender; a client without one (a test double) gets its own.
 */
async function openDmChannel(client: Client, log: Logger, userId: string): Promise<APIChannel> {
  const pace = client.rest instanceof DiscordRest ? client.rest.dmOpens : new DmOpenPace();
  for (let attempt = 1; ; attempt++) {
    await pace.turn();
    try {
      const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
      pace.opened();
      return channel;
    } catch (error) {
      if (!isCode(error, RESTJSONErrorCodes.OpeningDirectMessagesTooFast) || attempt >= OPEN_ATTEMPTS) throw error;
      const retryAfter = (error.rawError as { retry_after?: unknown }).retry_after;
      const waitMs = pace.refused(typeof retryAfter === 'number' ? Math.ceil(retryAfter * 1_000) : undefined);
      log.warn({ waitMs, gapMs: pace.gap }, 'Discord says DMs are opened too fast; waiting');
    }
  }
}

/**
 * Opens the member's DM channel once and remembers it; a remembered channel Discord no longer knows is opened
 * again. Remembers whether the member's DMs refuse the bot (50007), and since when.
 */
async function sendDm(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  userId: string,
  body: object,
): Promise<void> {
  const channels: DmChannelStore = deps.firesides.dmChannels;
  const wasClosed = channels.closedAt(userId) !== undefined;
  try {
    const known = channels.get(userId);
    if (known) {
      try {
        await client.rest.post(Routes.channelMessages(known), { body });
        if (wasClosed) channels.setOpen(userId);
        return;
      } catch (error) {
        if (!isCode(error, RESTJSONErrorCodes.UnknownChannel)) throw error;
        channels.forget(userId);
      }
    }
    const channel = await openDmChannel(client, deps.logger, userId);
    channels.set(userId, channel.id);
    await client.rest.post(Routes.channelMessages(channel.id), { body });
    if (wasClosed) channels.setOpen(userId);
  } catch (error) {
    if (isCode(error, RESTJSONErrorCodes.CannotSendMessagesToThisUser))
      channels.setClosed(userId, deps.now().getTime());
    throw error;
  }
}

/** DMs one member, with no fallback: for a note to a moderator, which does not belong in a public channel. */
export async function dmMember(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  userId: string,
  payload: MemberPayload,
): Promise<void> {
  await sendDm(client, deps, userId, { ...payload, allowed_mentions: { parse: [] } });
}

/**
 * DMs a member; false when their DMs are closed (50007), which is no failure here: they are mentioned instead. A
 * member whose DMs refused the bot lately is not tried again before CLOSED_DMS_RETRY_MS: each try is a 403, and
 * Discord bans an IP after 10,000 of those (with 401s and 429s) in 10 minutes.
 */
async function dmUnlessClosed(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  userId: string,
  payload: MemberPayload,
): Promise<boolean> {
  if (deps.firesides.dmChannels.isClosed(userId, deps.now().getTime())) return false;
  try {
    await dmMember(client, deps, userId, payload);
    return true;
  } catch (error) {
    if (isCode(error, RESTJSONErrorCodes.CannotSendMessagesToThisUser)) return false;
    throw error;
  }
}

/**
 * When the bot's invalid requests of the last 10 minutes near Discord's limit, DMs to members wait their turn, one
 * a second between them all, and the first such wait of a batch is logged.
 */
async function calmDown(client: Client, log: Logger, warned: { done: boolean }): Promise<void> {
  if (!(client.rest instanceof DiscordRest)) return;
  const count = await client.rest.invalidRequests.slowTurn();
  if (count === 0 || warned.done) return;
  warned.done = true;
  log.warn(
    { invalidRequests: count },
    'many invalid requests in the last 10 minutes: member DMs slowed to one a second',
  );
}

/**
 * Asked just before a send with the members it would reach; returns those it may reach (a resumed batch leaves
 * out whoever an earlier attempt took).
 */
export type Take = (userIds: string[]) => string[];

/**
 * What a resumable batch records as it goes: `take` before each DM; `owe` when a member's DMs turn out closed
 * (they are owed a mention, even if the process dies before posting it); `settle` just before that mention.
 */
export interface MemberProgress {
  take: Take;
  owe(userIds: string[]): void;
  settle: Take;
}

/**
 * DMs each member; a member whose DMs are closed is mentioned in the fallback channel instead, batched so
 * each message stays within 2,000 characters and 100 mentions. One failure never stops the others.
 * Requests go through the client's REST queue, which waits out 429s.
 */
export async function sendToMembers(
  client: Client,
  deps: Pick<FiresideDeps, 'logger' | 'firesides' | 'now'>,
  input: {
    guildId: string;
    fallbackChannelId: string;
    userIds: string[];
    payload: MemberPayload;
    /**
     * What the mention in the channel carries instead, when the DM holds what the channel must not show (a link
     * kept for members going): the channel is read by everyone.
     */
    fallbackPayload?: MemberPayload;
    progress?: MemberProgress;
  },
): Promise<SendResult> {
  const { progress } = input;
  const log = deps.logger.child({ guildId: input.guildId });
  const result: SendResult = { dm: [], fallback: [], failed: [], fallbackFailed: [] };
  const closed: string[] = [];
  // Owed a mention but not recorded as such: nobody else can post it, so this run does, whatever the record says.
  const unrecorded = new Set<string>();
  const slowed = { done: false };
  for (const userId of new Set(input.userIds)) {
    try {
      await calmDown(client, log, slowed);
      if (progress && progress.take([userId]).length === 0) continue;
      if (await dmUnlessClosed(client, { ...deps, logger: log }, userId, input.payload)) {
        result.dm.push(userId);
        continue;
      }
    } catch (error) {
      log.warn({ err: error, userId }, 'could not DM a member');
      result.failed.push(userId);
      continue;
    }
    closed.push(userId);
    // Recorded before the mention is posted, so a batch cut short in between still owes it.
    try {
      progress?.owe([userId]);
    } catch (error) {
      log.warn({ err: error, userId }, 'could not record a mention owed; it is posted all the same');
      unrecorded.add(userId);
    }
  }
  const fallback = await postMentionBatches(client, log, {
    channelId: input.fallbackChannelId,
    userIds: closed,
    payload: input.fallbackPayload ?? input.payload,
    failure: 'could not post the DM fallback',
    ...(progress ? { take: settleOwed(progress.settle, log, unrecorded) } : {}),
  });
  result.fallback.push(...fallback.posted);
  result.failed.push(...fallback.failed);
  result.fallbackFailed.push(...fallback.failed);
  return result;
}

/**
 * Takes owed members just before their mention is posted. A member whose debt was never recorded, or could not be
 * cleared, is mentioned all the same: a missed mention is worse than the rare second one (a debt left uncleared is
 * mentioned again if this batch is cut short before it ends).
 */
export function settleOwed(settle: Take, log: Logger, unrecorded: ReadonlySet<string> = new Set()): Take {
  return (ids) => {
    try {
      const owed = new Set(settle(ids.filter((id) => !unrecorded.has(id))));
      return ids.filter((id) => owed.has(id) || unrecorded.has(id));
    } catch (error) {
      log.warn({ err: error }, 'could not clear the mentions owed; they are posted all the same');
      return ids;
    }
  };
}

/**
 * Mentions the members in a channel, as many messages as the limits need, each carrying the payload; each message
 * may ping exactly the members it names, nothing else in its text. A refused message is logged with `failure`
 * and its members counted as failed; the others are still posted.
 */
export async function postMentionBatches(
  client: Client,
  log: Logger,
  input: { channelId: string; userIds: string[]; payload: MemberPayload; failure: string; take?: Take },
): Promise<{ posted: string[]; failed: string[] }> {
  const posted: string[] = [];
  const failed: string[] = [];
  for (const planned of fallbackBatches(input.userIds, input.payload.content)) {
    let batch = planned;
    try {
      const userIds = input.take ? input.take(planned.userIds) : planned.userIds;
      if (userIds.length === 0) continue;
      // Fewer members than planned (an earlier attempt took some) still fit in one message.
      if (userIds.length < planned.userIds.length)
        batch = fallbackBatches(userIds, input.payload.content)[0] ?? planned;
      await client.rest.post(Routes.channelMessages(input.channelId), {
        body: { ...input.payload, content: batch.content, allowed_mentions: { users: batch.userIds } },
      });
      posted.push(...batch.userIds);
    } catch (error) {
      log.warn({ err: error, channelId: input.channelId }, input.failure);
      failed.push(...batch.userIds);
    }
  }
  return { posted, failed };
}

/** Splits the mentions over as many messages as needed; each carries the payload's text after the mentions. */
export function fallbackBatches(userIds: string[], text = ''): { content: string; userIds: string[] }[] {
  const body = text.length > CONTENT_KEEP ? `${text.slice(0, CONTENT_KEEP - 1)}…` : text;
  const batches: { content: string; userIds: string[] }[] = [];
  let current: string[] = [];
  const contentOf = (ids: string[]) => `${ids.map((id) => `<@${id}>`).join(' ')}${body ? `\n${body}` : ''}`;
  for (const userId of userIds) {
    const next = [...current, userId];
    if (current.length > 0 && (next.length > MENTIONS_MAX || contentOf(next).length > CONTENT_MAX)) {
      batches.push({ content: contentOf(current), userIds: current });
      current = [userId];
    } else {
      current = next;
    }
  }
  if (current.length > 0) batches.push({ content: contentOf(current), userIds: current });
  return batches;
}
