import { type ChatInputCommandInteraction, Routes } from 'discord.js';
import type { Deps } from '../deps.js';
import { UserError } from '../errors.js';
import { whenText } from '../views/fireside.js';
import { cancelledNotice, changedNotice } from '../views/fireside-notices.js';
import { requireModerator, resolveDiscussion } from './access.js';
import { announceDiscussion, checkAnnouncePermissions, refreshAnnouncement } from './announce.js';
import { withDeferredReply } from './deferred.js';
import { type SendResult, sendToMembers } from './deliver.js';
import { readDiscussionOptions, validateEdit, validateSchedule } from './input.js';
import { tellPromoted } from './rsvp-flow.js';
import { syncScheduledEvent } from './scheduled-event.js';
import { formatInZone } from './time.js';
import type { Discussion } from './types.js';

function messageLink(discussion: Discussion): string {
  return discussion.messageId
    ? `https://discord.com/channels/${discussion.guildId}/${discussion.channelId}/${discussion.messageId}`
    : `<#${discussion.channelId}>`;
}

function interested(deps: Deps, discussionId: number): string[] {
  return (['going', 'maybe', 'waitlist'] as const).flatMap((status) =>
    deps.firesides.rsvps.listByStatus(discussionId, status).map((rsvp) => rsvp.userId),
  );
}

function toldText(result: SendResult, channelId: string): string {
  const total = result.dm.length + result.fallback.length;
  const parts = [`Told ${total} member(s)`];
  if (result.fallback.length)
    parts.push(`${result.fallback.length} by a mention in <#${channelId}> as their DMs are closed`);
  if (result.failed.length) parts.push(`${result.failed.length} could not be reached`);
  return `${parts.join('; ')}.`;
}

export async function scheduleDiscussion(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: Deps) {
  requireModerator(interaction, deps);
  const settings = deps.firesides.settings.get(interaction.guildId);
  // Every check that needs no Discord call runs before the deferral, so bad input gets a plain ephemeral reply.
  const input = validateSchedule(readDiscussionOptions(interaction), settings, deps.now());
  await withDeferredReply(interaction, async () => {
    await checkAnnouncePermissions(interaction.client, interaction.guildId, input.channelId);
    const created = deps.firesides.discussions.create({
      ...input,
      guildId: interaction.guildId,
      createdBy: interaction.user.id,
      createdAt: deps.now().getTime(),
    });
    let announced: Discussion;
    try {
      announced = await announceDiscussion(interaction.client, deps, created.id);
    } catch (error) {
      // No half-made discussion: without its announcement nobody could find it.
      deps.firesides.discussions.delete(created.id);
      throw error;
    }
    const lines = [
      `Scheduled **${announced.title}** (#${announced.id}) for ${whenText(announced)}.`,
      `I read the start as ${formatInZone(announced.startsAt, announced.timezone)}.`,
      `Announcement: ${messageLink(announced)}`,
    ];
    if (settings.nativeEvents && !announced.scheduledEventId) {
      lines.push('The Discord event could not be created: check that I have **Manage Events**.');
    }
    return lines.join('\n');
  });
}

export async function editDiscussion(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: Deps) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, interaction.options.getString('event', true));
  if (discussion.status === 'cancelled')
    throw new UserError('This discussion was cancelled; schedule a new one instead.');
  const { patch, told } = validateEdit(readDiscussionOptions(interaction), discussion, deps.now());
  const moved = patch.channelId !== undefined && patch.channelId !== discussion.channelId;
  await withDeferredReply(interaction, async () => {
    if (moved && patch.channelId)
      await checkAnnouncePermissions(interaction.client, interaction.guildId, patch.channelId);
    const now = deps.now().getTime();
    const { updated, promoted } = deps.db.transaction(() => ({
      updated: deps.firesides.discussions.update(discussion.id, patch, now),
      // A raised capacity lets people in from the waitlist.
      promoted: deps.firesides.rsvps.fillFromWaitlist(discussion.id, now),
    }))();
    let current = updated;
    if (moved) {
      if (discussion.messageId) {
        await interaction.client.rest
          .delete(Routes.channelMessage(discussion.channelId, discussion.messageId))
          .catch((error: unknown) =>
            deps.logger.warn({ err: error, discussionId: discussion.id }, 'old announcement not deleted'),
          );
      }
      deps.firesides.discussions.setMessage(discussion.id, null, now);
      current = await announceDiscussion(interaction.client, deps, discussion.id);
    } else {
      await refreshAnnouncement(interaction.client, deps, updated);
      await syncScheduledEvent(interaction.client, deps, updated);
    }
    const lines = [`Updated **${current.title}** (#${current.id}): ${whenText(current)}.`];
    if (patch.startsAt !== undefined)
      lines.push(`I read the start as ${formatInZone(current.startsAt, current.timezone)}.`);
    if (told.length) {
      const result = await sendToMembers(interaction.client, deps, {
        guildId: current.guildId,
        fallbackChannelId: current.channelId,
        userIds: interested(deps, current.id),
        payload: changedNotice(current, told),
      });
      lines.push(`The ${told.join(' and ')} changed. ${toldText(result, current.channelId)}`);
    }
    await tellPromoted(interaction.client, deps, current, promoted);
    if (promoted.length) lines.push(`${promoted.length} member(s) moved up from the waitlist and were told.`);
    return lines.join('\n');
  });
}

export async function cancelDiscussion(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, deps: Deps) {
  requireModerator(interaction, deps);
  const discussion = resolveDiscussion(deps, interaction.guildId, interaction.options.getString('event', true));
  const reason = interaction.options.getString('reason')?.trim() || null;
  const cancelled = deps.firesides.discussions.cancel(discussion.id, reason, deps.now().getTime());
  if (!cancelled) throw new UserError(`**${discussion.title}** is already cancelled.`);
  await withDeferredReply(interaction, async () => {
    await refreshAnnouncement(interaction.client, deps, cancelled);
    await syncScheduledEvent(interaction.client, deps, cancelled);
    const result = await sendToMembers(interaction.client, deps, {
      guildId: cancelled.guildId,
      fallbackChannelId: cancelled.channelId,
      userIds: interested(deps, cancelled.id),
      payload: cancelledNotice(cancelled),
    });
    return `Cancelled **${cancelled.title}** (#${cancelled.id}). ${toldText(result, cancelled.channelId)}`;
  });
}
