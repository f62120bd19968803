import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  type APIMessage,
  type Client,
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
} from 'discord.js';
import { UserError, WorkDoneError } from '../core/errors.js';
import { botInGuild } from '../discord/bot-in-guild.js';
import { RETRY_PAUSES_MS, retryUnlessRefused } from '../discord/retry.js';
import { announcementUrl, isAnnounced } from './announced.js';
import type { FiresideDeps } from './deps.js';
import { checkTextChannel } from './input.js';
import { type UnheardPing, unheardPing } from './ping-role.js';
import { type EventSync, syncScheduledEvent } from './scheduled-event.js';
import type { Discussion } from './types.js';
import { announcementView } from './views/announcement.js';

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;

/** The bot lacks permissions in a channel. Its message is for a moderator who was scheduling; other callers word their own from the fields. */
export class MissingPermissionsError extends UserError {
  constructor(
    readonly channelId: string,
    readonly missing: readonly string[],
    outcome = 'Nothing was scheduled.',
    otherwise = OTHER_CHANNEL,
  ) {
    super(`${cannotPostText(channelId, missing, otherwise)} ${outcome}`);
  }
}

const OTHER_CHANNEL = 'or pick another channel';

/**
 * announceDiscussion failed in its checks before the post: certainly nothing was posted, so the announcement may be
 * tried again without risk of a duplicate. A refusal (a UserError) is not wrapped: its words are for the moderator;
 * nor is a 4xx from Discord, which trying again would only repeat.
 */
export class NotPostedError extends Error {
  override readonly name = 'NotPostedError';
  constructor(cause: unknown) {
    super(`announcement not posted: its checks failed (${(cause as Error)?.name ?? 'error'})`, { cause });
  }
}

/** A failure Discord may not repeat: a 5xx, a 429 left after discord.js's own waits, or the network. */
function mayPassLater(error: unknown): boolean {
  if (!(error instanceof DiscordAPIError || error instanceof HTTPError)) return true;
  return error.status >= 500 || error.status === 429;
}

/** "I cannot post in <#1>: I am missing **Send Messages** there. Ask an admin…": what an admin can act on. */
export function cannotPostText(channelId: string, missing: readonly string[], otherwise = OTHER_CHANNEL): string {
  const names = missing.map((name) => `**${name}**`).join(', ');
  return `I cannot post in <#${channelId}>: I am missing ${names} there. Ask an admin to allow ${missing.length > 1 ? 'them' : 'it'} for my role, ${otherwise}.`;
}

/** Checked before anything is stored, so a discussion nobody can see is never created. */
export async function checkAnnouncePermissions(
  client: Client,
  guildId: string,
  channelId: string,
  outcome?: string,
  { needed = NEEDED, otherwise }: { needed?: readonly (typeof NEEDED)[number][]; otherwise?: string } = {},
): Promise<void> {
  const { guild, me } = await botInGuild(client, guildId);
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel)
    throw new UserError(
      otherwise === undefined
        ? `The channel <#${channelId}> no longer exists. Pick another one.`
        : `The channel <#${channelId}> no longer exists: ${otherwise.replace(/^or /, '')}.${outcome ? ` ${outcome}` : ''}`,
    );
  checkTextChannel({ id: channelId, type: channel.type });
  const permissions = channel.permissionsFor(me);
  const missing = needed.filter(([, flag]) => !permissions.has(flag)).map(([name]) => name);
  if (missing.length > 0) throw new MissingPermissionsError(channelId, missing, outcome, otherwise);
}

/**
 * For a post of text and buttons in the discussion's own channel (/remind audience:channel): no embed, so Embed Links
 * is not asked; a moderator moves a discussion with /fireside edit rather than picking another channel here.
 */
export function checkNoticePermissions(client: Client, guildId: string, channelId: string, outcome: string) {
  return checkAnnouncePermissions(client, guildId, channelId, outcome, {
    needed: NEEDED.slice(0, 2),
    otherwise: 'or move the discussion with `/fireside edit channel:`',
  });
}

/** The announcement's message body as the REST API takes it; only the ping role may be pinged, and only on the first post. */
export function announcementBody(
  deps: Pick<FiresideDeps, 'firesides' | 'library'>,
  discussion: Discussion,
  firstPost: boolean,
) {
  const settings = deps.firesides.settings.get(discussion.guildId);
  const page = discussion.topicSlug === null ? undefined : deps.library.get(discussion.topicSlug);
  const view = announcementView(discussion, deps.firesides.rsvps.counts(discussion.id), settings.pingRoleId, page);
  const ping = firstPost && settings.pingRoleId && view.content ? settings.pingRoleId : null;
  return {
    ...view,
    content: view.content ?? '',
    allowed_mentions: ping ? { parse: [], roles: [ping] } : { parse: [] },
  };
}

/**
 * The announcement's edit. Discord rebuilds the mentions of an edited `content` from the edit's allowed_mentions
 * (discord-api-docs, resources/message, "Edit Message"), so re-sending the ping line would take the role's unread
 * mention away: the content goes only when it changes, which is when the discussion is cancelled (the line goes).
 */
function refreshBody(deps: Pick<FiresideDeps, 'firesides' | 'library'>, discussion: Discussion) {
  const { content, ...body } = announcementBody(deps, discussion, false);
  return discussion.status === 'cancelled' ? { ...body, content } : body;
}

/**
 * Posts the announcement of a stored discussion in its channel and mirrors it as a scheduled event when the
 * server has native events on; stores both ids. Throws a UserError naming the missing permission; the caller
 * decides what happens to the stored row (the /fireside schedule command deletes it). `eventSync` says how the
 * scheduled event came out (a refused one leaves the announcement standing).
 */
export async function announceDiscussion(
  client: Client,
  deps: FiresideDeps,
  discussionId: number,
  /** What a refusal says happened: a new discussion is not scheduled, an edit is undone. */
  outcome?: string,
): Promise<{ discussion: Discussion; eventSync: EventSync; unheardPing: UnheardPing | null }> {
  const discussion = deps.firesides.discussions.get(discussionId);
  if (!discussion) throw new Error(`No discussion ${discussionId}`);
  try {
    await checkAnnouncePermissions(client, discussion.guildId, discussion.channelId, outcome);
  } catch (error) {
    // A 5xx or a network failure fetching another shard's server, the channel or the bot's member: nothing posted,
    // and it may pass if tried again. A 4xx (the bot was removed from the server) would only be refused again.
    throw error instanceof UserError || !mayPassLater(error) ? error : new NotPostedError(error);
  }
  let message: APIMessage;
  try {
    // Posted again (moved, or its announcement was deleted): members were told once, the ping role is not pinged again.
    message = (await client.rest.post(Routes.channelMessages(discussion.channelId), {
      body: announcementBody(deps, discussion, !isAnnounced(discussion)),
    })) as APIMessage;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions) {
      throw new MissingPermissionsError(discussion.channelId, ['Send Messages', 'Embed Links'], outcome);
    }
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingAccess) {
      throw new MissingPermissionsError(discussion.channelId, ['View Channel'], outcome);
    }
    throw error;
  }
  const unheard = await unheardFirstPing(client, deps, discussion);
  try {
    // Tried again after a pause: a write refused for a moment (the database busy past its timeout with another
    // process) must not cost members the announcement.
    await retryWrite(() => deps.firesides.discussions.setMessage(discussion.id, message.id, deps.now().getTime()));
  } catch (error) {
    throw await withdrawUnrecorded(client, discussion, message.id, error);
  }
  const announced = deps.firesides.discussions.get(discussion.id) ?? discussion;
  // A cancel or an edit committed while the post travelled found no announcement to change: this one shows what was
  // read before it, live buttons and all, until it is brought in step. One committed from now on finds it stored.
  if (changedSince(discussion, announced)) await refreshAnnouncement(client, deps, announced);
  const eventSync = await syncScheduledEvent(client, deps, announced);
  return { discussion: deps.firesides.discussions.get(discussion.id) ?? announced, eventSync, unheardPing: unheard };
}

/** Runs a database write, again after each pause while it throws; throws the last error. */
async function retryWrite(write: () => void, pausesMs: readonly number[] = RETRY_PAUSES_MS): Promise<void> {
  for (const pause of pausesMs) {
    try {
      return write();
    } catch {
      await sleep(pause);
    }
  }
  write();
}

/**
 * The announcement is standing in Discord but its discussion could not record it, and Discord refused to take it
 * down: the discussion's row stays, so that the post's buttons answer for it (a deleted row's id would be given to
 * the next discussion scheduled) and a moderator can cancel it.
 */
export class UnsavedPostError extends WorkDoneError {}

/**
 * An announcement posted but not recorded (the database kept refusing the write: a full disk, say) could never be
 * edited, cancelled or posted again in step. It is taken down again, so that the failure leaves nothing standing: the
 * error returned is the one that happened. It is not posted again by itself: with the database failing, each try
 * would ping the role once more. When Discord will not take it down either, whoever announced reads where it stands.
 */
async function withdrawUnrecorded(
  client: Client,
  discussion: Discussion,
  messageId: string,
  error: unknown,
): Promise<unknown> {
  try {
    await retryUnlessRefused(() => client.rest.delete(Routes.channelMessage(discussion.channelId, messageId)));
    return error;
  } catch (deleteError) {
    // Deleted meanwhile by someone else: nothing is left standing.
    if (deleteError instanceof DiscordAPIError && deleteError.code === RESTJSONErrorCodes.UnknownMessage) return error;
    const url = announcementUrl({ ...discussion, messageId });
    return new UnsavedPostError(
      `An announcement of **${discussion.title}** (#${discussion.id}) was posted (${url}) but could not be saved, and Discord refused to take it down again: delete that message and \`/fireside cancel event:${discussion.id}\` before you announce it again.`,
      { cause: error },
    );
  }
}

/** Whether the row changed since `before`, in more than what posting its announcement stores. */
function changedSince(before: Discussion, after: Discussion): boolean {
  const posting = {
    messageId: before.messageId,
    announcedAt: before.announcedAt,
    scheduledEventId: before.scheduledEventId,
    updatedAt: before.updatedAt,
  };
  return !isDeepStrictEqual({ ...after, ...posting }, before);
}

/**
 * The ping role Discord did not notify, asked only for the first post, the one post that pings: whoever announces is
 * told once per discussion, never at refreshes or re-posts.
 */
async function unheardFirstPing(
  client: Client,
  deps: FiresideDeps,
  discussion: Discussion,
): Promise<UnheardPing | null> {
  const { pingRoleId } = deps.firesides.settings.get(discussion.guildId);
  if (isAnnounced(discussion) || !pingRoleId) return null;
  return unheardPing(client, discussion.guildId, pingRoleId, discussion.channelId).catch((error: unknown) => {
    deps.logger.warn({ err: error, discussionId: discussion.id }, 'could not check whether the ping role is notified');
    return null;
  });
}

/**
 * Edits the announcement in place to show current counts, an edit or a cancellation. A deleted announcement
 * is forgotten rather than an error: the discussion stays announced (listed, answerable with /rsvp, reminded), and
 * `/fireside edit channel:` posts it again.
 */
export async function refreshAnnouncement(
  client: Client,
  deps: FiresideDeps,
  discussion: Discussion,
): Promise<'edited' | 'gone' | 'none' | 'failed'> {
  if (!discussion.messageId) return 'none';
  try {
    // Retried when Discord fails: an edit lost here leaves members reading an old time, or a cancelled discussion
    // with working buttons.
    const { channelId, messageId } = discussion;
    await retryUnlessRefused(() =>
      client.rest.patch(Routes.channelMessage(channelId, messageId), {
        body: refreshBody(deps, discussion),
      }),
    );
    return 'edited';
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) {
      deps.firesides.discussions.clearMessage(discussion.id, discussion.messageId, deps.now().getTime());
      deps.logger.info(
        { discussionId: discussion.id, guildId: discussion.guildId },
        'the announcement was deleted; the discussion goes on without it (/fireside edit channel: posts it again)',
      );
      return 'gone';
    }
    deps.logger.warn({ err: error, discussionId: discussion.id }, 'could not refresh the announcement');
    return 'failed';
  }
}
