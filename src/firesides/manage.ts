import { type Client, Routes } from 'discord.js';
import { UserError } from '../core/errors.js';
import { clearedField } from '../discord/clear-option.js';
import { count } from '../discord/count.js';
import type { GuildChatInput } from '../discord/guild-interaction.js';
import { requireModerator, resolveDiscussion } from './access.js';
import { announceDiscussion, checkAnnouncePermissions, refreshAnnouncement, UnsavedPostError } from './announce.js';
import { announcementUrl, isAnnounced, notAnnouncedText } from './announced.js';
import { whoAnswered } from './audience.js';
import { withDeferredReply } from './deferred.js';
import { type MemberPayload, type SendResult, sendToMembers } from './deliver.js';
import type { FiresideDeps } from './deps.js';
import { endsAt } from './discussion-store.js';
import {
  checkReason,
  type DiscussionOptionValues,
  EDIT_CLEARABLE,
  readDiscussionOptions,
  validateEdit,
  validateSchedule,
} from './input.js';
import { type LinkReader, moderatorLinkNote } from './link-for.js';
import { type UnheardPing, unheardPingText } from './ping-role.js';
import { type EventSync, eventSyncNote, syncScheduledEvent } from './scheduled-event.js';
import { tellPromoted } from './tell-promoted.js';
import { formatInZone } from './time.js';
import type { Discussion } from './types.js';
import { partlyUndoneError, undoEdit } from './undo-edit.js';
import { whenText } from './views/announcement.js';
import { cancelledNotice, changedNotice } from './views/notices.js';

function messageLink(discussion: Discussion): string {
  return announcementUrl(discussion) ?? `<#${discussion.channelId}>`;
}

/** Who hears of an edit or a cancellation. */
const INTERESTED = ['going', 'maybe', 'waitlist'] as const;

export function toldText(result: SendResult, channelId: string): string {
  const total = result.dm.length + result.fallback.length;
  const parts = [`Told ${count(total, 'member')}`];
  if (result.fallback.length)
    parts.push(`${result.fallback.length} by a mention in <#${channelId}> as their DMs are closed`);
  if (result.failed.length) parts.push(`${result.failed.length} could not be reached`);
  return `${parts.join('; ')}.`;
}

export async function scheduleDiscussion(
  interaction: GuildChatInput,
  deps: FiresideDeps,
  options: DiscussionOptionValues,
) {
  requireModerator(interaction, deps);
  const settings = deps.firesides.settings.get(interaction.guildId);
  // Every check that needs no Discord call runs before the deferral, so bad input gets a plain ephemeral reply.
  const input = validateSchedule(readDiscussionOptions(options, deps.library), settings, deps.now());
  await withDeferredReply(interaction, deps, async () => {
    await checkAnnouncePermissions(interaction.client, interaction.guildId, input.channelId);
    const created = deps.firesides.discussions.create({
      ...input,
      guildId: interaction.guildId,
      createdBy: interaction.user.id,
      createdAt: deps.now().getTime(),
    });
    let announced: Discussion;
    let eventSync: EventSync;
    let unheard: UnheardPing | null;
    try {
      ({
        discussion: announced,
        eventSync,
        unheardPing: unheard,
      } = await announceDiscussion(interaction.client, deps, created.id));
    } catch (error) {
      // No half-made discussion: without its announcement nobody could find it. (Unless its post is still standing.)
      if (!(error instanceof UnsavedPostError)) deps.firesides.discussions.delete(created.id);
      throw error;
    }
    const lines = [
      `Scheduled **${announced.title}** (#${announced.id}) for ${whenText(announced)}.`,
      `I read the start as ${formatInZone(announced.startsAt, announced.timezone)}.`,
      `Announcement: ${messageLink(announced)}`,
    ];
    const linkNote = moderatorLinkNote(announced);
    if (linkNote) lines.push(linkNote);
    if (unheard) lines.push(unheardPingText(unheard));
    if (eventSync === 'refused') {
      lines.push('The Discord event could not be created: check that I have **Create Events**.');
    } else if (eventSync === 'failed') {
      lines.push('The Discord event could not be created: Discord did not accept it.');
    }
    return lines.join('\n');
  });
}

/** For moderators: a discussion that has taken place is history, not something to edit or cancel. */
function requireNotOver(discussion: Discussion, now: Date): void {
  if (endsAt(discussion) <= now.getTime()) {
    throw new UserError(
      `**${discussion.title}** has already taken place; schedule a new one with \`/fireside schedule\` instead.`,
    );
  }
}

/** Neither cancelled nor over; `outcome` says what became of an edit refused after the moderator gave it. */
function requireEditable(discussion: Discussion, now: Date, outcome?: string): void {
  if (discussion.status === 'cancelled') {
    throw new UserError(
      outcome
        ? `**${discussion.title}** was cancelled meanwhile. ${outcome}`
        : 'This discussion was cancelled; schedule a new one instead.',
    );
  }
  requireNotOver(discussion, now);
}

/** The options of /fireside edit: the discussion, its new details, and which one to unset. */
export type EditOptionValues = DiscussionOptionValues & {
  readonly event: string;
  readonly clear: keyof typeof EDIT_CLEARABLE | null;
};

export async function editDiscussion(interaction: GuildChatInput, deps: FiresideDeps, options: EditOptionValues) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, options.event);
  requireEditable(discussion, deps.now());
  const cleared = clearedField(options, EDIT_CLEARABLE);
  const { patch, told } = validateEdit(readDiscussionOptions(options, deps.library), discussion, deps.now(), cleared);
  // An occurrence not announced yet is announced by the scheduler, in its channel of the time: nothing to move. A
  // channel given for an announced discussion moves its announcement there, or posts it again if it was deleted.
  const channelId = isAnnounced(discussion) ? patch.channelId : undefined;
  await withDeferredReply(interaction, deps, async () => {
    if (channelId !== undefined)
      await checkAnnouncePermissions(interaction.client, interaction.guildId, channelId, 'Nothing was changed.');
    const now = deps.now().getTime();
    // A raised (or removed) capacity lets the waitlist in with the edit, in its transaction: no click can take a new
    // seat ahead of those waiting, and no crash can leave them waiting beside free seats. They are told at the end.
    // Those going at the edit are counted with it: an undo keeps only seats taken beyond them (see undoEdit).
    const { goingAtEdit, updated, promoted } = deps.db.transaction(() => {
      // Checked again where it is written: a cancel committed during the deferral would otherwise be edited, and
      // its members told of changes to a discussion that will not take place.
      const fresh = deps.firesides.discussions.get(discussion.id) ?? discussion;
      requireEditable(fresh, deps.now(), 'Nothing was changed.');
      if (channelId === undefined && patch.channelId !== undefined && patch.channelId !== fresh.channelId)
        refuseMoveWhileAnnouncing(deps, fresh);
      return {
        goingAtEdit: deps.firesides.rsvps.counts(discussion.id).going,
        updated: deps.firesides.discussions.update(discussion.id, patch, now),
        promoted: deps.firesides.rsvps.fillFromWaitlist(discussion.id, now),
      };
    })();
    let current = updated;
    let eventSync: EventSync = 'in-step';
    // Posted anew when moved, or when its announcement is gone: known already, or found by this refresh (the bot is
    // not told of deletions).
    const moved = channelId !== undefined && channelId !== discussion.channelId;
    let repost = moved || (channelId !== undefined && discussion.messageId === null);
    let refreshed: Awaited<ReturnType<typeof refreshAnnouncement>> | undefined;
    if (!repost) {
      refreshed = await refreshAnnouncement(interaction.client, deps, updated);
      repost = channelId !== undefined && refreshed === 'gone';
      if (!repost) eventSync = await syncScheduledEvent(interaction.client, deps, updated);
    }
    if (repost) {
      // The new announcement first: if it cannot be posted, the edit is undone and the old announcement stays,
      // rather than leaving the discussion with none.
      try {
        ({ discussion: current, eventSync } = await announceDiscussion(
          interaction.client,
          deps,
          discussion.id,
          'Nothing was changed.',
        ));
      } catch (error) {
        const undone = undoEdit(deps, { before: discussion, patch, goingAtEdit }, now);
        // Members moved up keep their seats (see undoEdit), so they hear of it whatever became of the rest.
        await tellPromoted(interaction.client, deps, undone.restored, promoted);
        // Nothing of the edit stands: the refusal's own words ("Nothing was changed.") are true.
        if (!undone.keptCapacity && promoted.length === 0) throw error;
        // The old announcement stays: it shows the capacity that stands and the members moved up.
        await refreshAnnouncement(interaction.client, deps, undone.restored);
        throw partlyUndoneError(error, undone, promoted.length);
      }
      if (moved && discussion.messageId) {
        await interaction.client.rest
          .delete(Routes.channelMessage(discussion.channelId, discussion.messageId))
          .catch((error: unknown) =>
            deps.logger.warn({ err: error, discussionId: discussion.id }, 'old announcement not deleted'),
          );
      }
    }
    const lines = [`Updated **${current.title}** (#${current.id}): ${whenText(current)}.`];
    if (patch.startsAt !== undefined)
      lines.push(`I read the start as ${formatInZone(current.startsAt, current.timezone)}.`);
    if (!isAnnounced(current)) lines.push(notAnnouncedText(deps, current));
    const linkNote = (patch.link !== undefined || patch.linkFor !== undefined) && moderatorLinkNote(current);
    if (linkNote) lines.push(linkNote);
    const eventNote = eventSyncNote(eventSync);
    if (eventNote) lines.push(eventNote);
    if (refreshed === 'gone' || (refreshed === 'none' && isAnnounced(current))) {
      lines.push(
        `Its announcement was deleted in Discord; members still find it with \`/fireside list\`. \`/fireside edit event:${current.id} channel:\` posts it again.`,
      );
    }
    if (refreshed === 'failed') {
      lines.push(
        `Discord failed to update its announcement (${messageLink(current)}), even when asked again: it still shows the details from before. \`/fireside edit event:${current.id} channel:\` with its channel, <#${current.channelId}>, updates it.`,
      );
    }
    const since = deps.firesides.discussions.get(current.id);
    if (since?.status === 'cancelled') {
      // Cancelled since the edit was written: the cancel's own refresh and event change may have landed before this
      // edit's, which showed it open (or made its event again). Its members were told it will not take place; news
      // of changes would only confuse them.
      await refreshAnnouncement(interaction.client, deps, since);
      await syncScheduledEvent(interaction.client, deps, since);
      lines.push(
        told.length
          ? `The ${told.join(' and ')} changed, but **${current.title}** was cancelled meanwhile: members were not told of the change.`
          : `**${current.title}** was cancelled meanwhile.`,
      );
    } else if (told.length) {
      const result = await tellInterested(interaction.client, deps, current, (reader) =>
        changedNotice(current, told, reader),
      );
      lines.push(`The ${told.join(' and ')} changed. ${toldText(result, current.channelId)}`);
    }
    // A cancel since the edit leaves the members moved up with nothing to hear (the notices go unsent).
    const toldPromoted = await tellPromoted(interaction.client, deps, current, promoted);
    if (toldPromoted) lines.push(`Moved up from the waitlist and told: ${count(toldPromoted, 'member')}.`);
    return lines.join('\n');
  });
}

/**
 * Members who answered Going, Maybe or joined the waitlist, by DM: those going read it as `going`, the others (and
 * the channel, where members whose DMs are closed are mentioned) as `others`, so a link kept for members going
 * reaches only them.
 */
async function tellInterested(
  client: Client,
  deps: FiresideDeps,
  discussion: Discussion,
  payloadFor: (reader: LinkReader) => MemberPayload,
): Promise<SendResult> {
  const send = (userIds: string[], reader: LinkReader) =>
    sendToMembers(client, deps, {
      guildId: discussion.guildId,
      fallbackChannelId: discussion.channelId,
      userIds,
      payload: payloadFor(reader),
      fallbackPayload: payloadFor('others'),
    });
  // Everyone reads the same link: one send, in answer order.
  if (discussion.linkFor === 'everyone') return send(whoAnswered(deps, discussion.id, INTERESTED), 'others');
  const going = await send(whoAnswered(deps, discussion.id, ['going']), 'going');
  const others = await send(whoAnswered(deps, discussion.id, ['maybe', 'waitlist']), 'others');
  return {
    dm: [...going.dm, ...others.dm],
    fallback: [...going.fallback, ...others.fallback],
    failed: [...going.failed, ...others.failed],
    fallbackFailed: [...going.fallbackFailed, ...others.fallbackFailed],
  };
}

export interface CancelOutcome {
  discussion: Discussion;
  told: SendResult;
  /** How its Discord event came out: cancelled or completed, already ended, or refused. */
  eventSync: EventSync;
  /** false when Discord failed every try to show the cancellation on the announcement. */
  announcementInStep: boolean;
}

/** For the moderator, when an announcement still shows a cancelled discussion as open: what members see, what to do. */
export function staleCancelledText({ discussion, announcementInStep }: CancelOutcome): string | undefined {
  if (announcementInStep) return undefined;
  return `Discord failed to mark the announcement of **${discussion.title}** (${messageLink(discussion)}) as cancelled, even when asked again: members still see it with its buttons (their answers are refused). Delete that message by hand.`;
}

export interface CancelPlan<T> {
  /** Which discussions to cancel; read inside the transaction, so nothing can change in between. */
  ids: () => readonly number[];
  reason: string | null;
  /** Changes that belong with the cancellation (deleting a series), in the same transaction. */
  alongside?: () => T;
}

/**
 * The one way discussions are cancelled (/fireside cancel, /fireside series delete cancel-upcoming:true).
 * The rows are marked cancelled in one transaction; then, for each, outside it: the announcement is edited to show
 * the cancellation with its buttons disabled, the Discord event is cancelled, and members who answered Going,
 * Maybe or joined the waitlist are told by DM (or a mention in the channel when their DMs are closed).
 * A discussion that was already cancelled is left out of the result.
 */
export async function cancelAndTell<T = undefined>(
  client: Client,
  deps: FiresideDeps,
  plan: CancelPlan<T>,
): Promise<{ cancelled: CancelOutcome[]; alongside: T | undefined }> {
  const now = deps.now().getTime();
  const { cancelled, alongside } = deps.db.transaction(() => ({
    cancelled: plan.ids().flatMap((id) => deps.firesides.discussions.cancel(id, plan.reason, now) ?? []),
    alongside: plan.alongside?.(),
  }))();
  const outcomes: CancelOutcome[] = [];
  for (const discussion of cancelled) {
    const announcementInStep = (await refreshAnnouncement(client, deps, discussion)) !== 'failed';
    const eventSync = await syncScheduledEvent(client, deps, discussion);
    const told = await sendToMembers(client, deps, {
      guildId: discussion.guildId,
      fallbackChannelId: discussion.channelId,
      userIds: whoAnswered(deps, discussion.id, INTERESTED),
      payload: cancelledNotice(discussion),
    });
    outcomes.push({ discussion, told, eventSync, announcementInStep });
  }
  return { cancelled: outcomes, alongside };
}

/** The scheduler has claimed the announcement and may be posting it now (another process, or an await of this one). */
function announcementInFlight(deps: FiresideDeps, discussionId: number): boolean {
  return deps.scheduling.work
    .forDiscussion(discussionId)
    .some((work) => work.kind === 'announce' && work.state === 'claimed');
}

/**
 * An occurrence the scheduler is announcing, or announced since the edit read it, has (or is getting) a message in
 * its old channel that this edit would not move: writing the new channel would leave that message live and untracked.
 */
function refuseMoveWhileAnnouncing(deps: FiresideDeps, fresh: Discussion): void {
  if (announcementInFlight(deps, fresh.id))
    throw new UserError('Its announcement is being posted right now; try again in a moment. Nothing was changed.');
  if (isAnnounced(fresh))
    throw new UserError('It was announced as you edited; try again to move its announcement. Nothing was changed.');
}

export async function cancelDiscussion(
  interaction: GuildChatInput,
  deps: FiresideDeps,
  options: { readonly event: string; readonly reason: string | null },
) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, options.event);
  const reason = checkReason(options.reason);
  const already = new UserError(`**${discussion.title}** is already cancelled.`);
  if (discussion.status === 'cancelled') throw already;
  // Telling members a discussion they attended is cancelled would only confuse them.
  requireNotOver(discussion, deps.now());
  await withDeferredReply(interaction, deps, async () => {
    // Read just before the cancel commits, in the same turn: the scheduler of this process cannot claim in between.
    const posting = announcementInFlight(deps, discussion.id);
    const { cancelled } = await cancelAndTell(interaction.client, deps, { ids: () => [discussion.id], reason });
    const [outcome] = cancelled;
    if (!outcome) throw already;
    const { discussion: done, told, eventSync } = outcome;
    // As the cancel found it: announced during the deferral is announced.
    const unannounced = isAnnounced(done)
      ? ''
      : posting
        ? ' Its announcement was being posted as you cancelled: if it went out, it shows the cancellation, its buttons disabled.'
        : ' It had not been announced yet.';
    const eventNote = eventSyncNote(eventSync);
    const event = eventNote ? `\n${eventNote}` : '';
    const stale = staleCancelledText(outcome);
    return `Cancelled **${done.title}** (#${done.id}). ${toldText(told, done.channelId)}${unannounced}${event}${stale ? `\n${stale}` : ''}`;
  });
}
