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
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';
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
}

const CONTENT_MAX = 2_000;
const MENTIONS_MAX = 100;
/** Room kept for mentions when the payload's own text is long. */
const CONTENT_KEEP = 1_700;

/** Opens the member's DM channel once and remembers it; a remembered channel Discord no longer knows is opened again. */
async function sendDm(client: Client, channels: DmChannelStore, userId: string, body: object): Promise<void> {
  const known = channels.get(userId);
  if (known) {
    try {
      await client.rest.post(Routes.channelMessages(known), { body });
      return;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel)) throw error;
      channels.forget(userId);
    }
  }
  const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
  channels.set(userId, channel.id);
  await client.rest.post(Routes.channelMessages(channel.id), { body });
}

/** DMs one member, with no fallback: for a note to a moderator, which does not belong in a public channel. */
export async function dmMember(
  client: Client,
  deps: Pick<Deps, 'firesides'>,
  userId: string,
  payload: MemberPayload,
): Promise<void> {
  await sendDm(client, deps.firesides.dmChannels, userId, { ...payload, allowed_mentions: { parse: [] } });
}

/** DMs a member; false when their DMs are closed (50007), which is no failure here: they are mentioned instead. */
async function dmUnlessClosed(
  client: Client,
  deps: Pick<Deps, 'firesides'>,
  userId: string,
  payload: MemberPayload,
): Promise<boolean> {
  try {
    await dmMember(client, deps, userId, payload);
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)
      return false;
    throw error;
  }
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
  deps: Pick<Deps, 'logger' | 'firesides'>,
  input: {
    guildId: string;
    fallbackChannelId: string;
    userIds: string[];
    payload: MemberPayload;
    progress?: MemberProgress;
  },
): Promise<SendResult> {
  const { progress } = input;
  const log = deps.logger.child({ guildId: input.guildId });
  const result: SendResult = { dm: [], fallback: [], failed: [] };
  const closed: string[] = [];
  // Owed a mention but not recorded as such: nobody else can post it, so this run does, whatever the record says.
  const unrecorded = new Set<string>();
  for (const userId of new Set(input.userIds)) {
    try {
      if (progress && progress.take([userId]).length === 0) continue;
      if (await dmUnlessClosed(client, deps, userId, input.payload)) {
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
    payload: input.payload,
    failure: 'could not post the DM fallback',
    ...(progress ? { take: settleOwed(progress.settle, log, unrecorded) } : {}),
  });
  result.fallback.push(...fallback.posted);
  result.failed.push(...fallback.failed);
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
