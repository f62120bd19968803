import { ChannelType } from 'discord.js';
import { UserError } from '../core/errors.js';
import { parseOffsets } from './offsets.js';
import { parseStart, requireTimeZone } from './time.js';
import { checkTopic, type TopicPages, type TopicRef } from './topic.js';
import type { Discussion, DiscussionPatch, GuildSettings, LinkFor, NewDiscussion } from './types.js';

export const TITLE_MAX = 100;
export const DESCRIPTION_MAX = 1_000;
export const DURATION_MAX = 1_440;
/** Shown in the "Cancelled" field of the announcement, whose value Discord caps at 1,024 characters. */
export const REASON_MAX = 500;
const LINK_MAX = 500;

export interface ChannelRef {
  id: string;
  type: ChannelType;
}

/** The options of /fireside schedule and /fireside edit, as typed (null when not given). */
export interface DiscussionOptions {
  title: string | null;
  start: string | null;
  description: string | null;
  duration: number | null;
  facilitatorId: string | null;
  location: ChannelRef | null;
  link: string | null;
  linkFor: LinkFor | null;
  capacity: number | null;
  timezone: string | null;
  channel: ChannelRef | null;
  reminders: string | null;
  /** Resolved to a page of the library when read (see readDiscussionOptions). */
  topic: TopicRef | null;
}

/** Those options as the command kit reads them, named as in the JSON of /fireside schedule and edit. */
export interface DiscussionOptionValues {
  readonly title: string | null;
  readonly start: string | null;
  readonly description: string | null;
  readonly duration: number | null;
  readonly facilitator: { readonly id: string } | null;
  readonly location: ChannelRef | null;
  readonly link: string | null;
  readonly 'link-for': LinkFor | null;
  readonly capacity: number | null;
  readonly timezone: string | null;
  readonly channel: ChannelRef | null;
  readonly reminders: string | null;
  readonly topic: string | null;
}

/** The typed topic is resolved here, so a page that does not exist is refused before anything else is done. */
export function readDiscussionOptions(values: DiscussionOptionValues, pages: TopicPages): DiscussionOptions {
  const channelRef = (channel: ChannelRef | null): ChannelRef | null =>
    channel ? { id: channel.id, type: channel.type } : null;
  return {
    title: values.title,
    start: values.start,
    description: values.description,
    duration: values.duration,
    facilitatorId: values.facilitator?.id ?? null,
    location: channelRef(values.location),
    link: values.link,
    linkFor: values['link-for'],
    capacity: values.capacity,
    timezone: values.timezone?.trim() || null,
    channel: channelRef(values.channel),
    reminders: values.reminders,
    topic: values.topic === null ? null : checkTopic(pages, values.topic),
  };
}

/*
 * One check per field, shared by /fireside schedule, /fireside edit and /fireside series create and edit, so the same
 * value gets the same answer everywhere. Each returns the cleaned value or throws a UserError saying what to fix.
 */

// Control characters (NUL, escapes) and halves of emoji show nothing, and some programs cut text at a NUL.
const CONTROLS = /[\p{Cc}\p{Cs}]/gu;
const CONTROLS_BUT_NEWLINES = /[^\P{Cc}\n]|\p{Cs}/gu;
// A character that shows something: not a control, a format character (zero-width space, joiners), a space, a mark
// on its own, or one of the blank letters (Hangul fillers, braille blank) used to pass an empty name off as one.
const VISIBLE = /[^\p{Cc}\p{Cf}\p{Cs}\p{Z}\p{M}\s\u115F\u1160\u2800\u3164\uFFA0]/u;

/** Text as typed without control characters; newlines are kept where the text may have several lines. */
function withoutControls(value: string, keepNewlines = false): string {
  return value.replace(keepNewlines ? CONTROLS_BUT_NEWLINES : CONTROLS, '');
}

export function checkTitle(value: string, what = 'discussion'): string {
  const trimmed = withoutControls(value).trim();
  if (!trimmed) throw new UserError(`The title is empty. Give the ${what} a title.`);
  if (!VISIBLE.test(trimmed)) {
    throw new UserError(
      `The title shows nothing: it is made only of invisible characters. Give the ${what} a title members can read.`,
    );
  }
  if (trimmed.length > TITLE_MAX) {
    throw new UserError(`The title is ${trimmed.length} characters long; keep it to ${TITLE_MAX}.`);
  }
  return trimmed;
}

/** An empty description is no description. */
export function checkDescription(value: string): string | null {
  const trimmed = withoutControls(value, true).trim();
  if (trimmed.length > DESCRIPTION_MAX) {
    throw new UserError(`The description is ${trimmed.length} characters long; keep it to ${DESCRIPTION_MAX}.`);
  }
  return VISIBLE.test(trimmed) ? trimmed : null;
}

/** A cancellation's reason, told to members; an empty one is none. Checked here, not only by the option's limit. */
export function checkReason(value: string | null): string | null {
  const trimmed = withoutControls(value ?? '', true).trim();
  if (trimmed.length > REASON_MAX) {
    throw new UserError(
      `The reason is ${trimmed.length} characters long; keep it to ${REASON_MAX}. Nothing was cancelled.`,
    );
  }
  return VISIBLE.test(trimmed) ? trimmed : null;
}

export function checkDuration(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > DURATION_MAX) {
    throw new UserError(`The duration is in minutes, from 1 to ${DURATION_MAX} (24 hours).`);
  }
  return value;
}

export function checkCapacity(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UserError('The capacity must be at least 1. Leave it out for no limit.');
  }
  return value;
}

export function checkLink(value: string): string {
  const trimmed = value.trim();
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (/\s/.test(trimmed)) throw new UserError('The link has a space in it: paste the address without spaces.');
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || trimmed.length > LINK_MAX) {
    throw new UserError(
      'The link must be a web address starting with `https://` (or `http://`), such as `https://meet.example.org/fireside`.',
    );
  }
  return trimmed;
}

/**
 * A link kept for members going needs a link: refused rather than stored, so a moderator never believes members
 * going will get something they will not. `what` names what has no link when it is not the command's own options.
 */
export function checkLinkFor(link: string | null, linkFor: LinkFor, what?: string): void {
  if (linkFor !== 'going' || link !== null) return;
  const where = what ? `${what} has no link` : 'there is no `link`';
  throw new UserError(
    `\`link-for:going\` sends the meeting link only to members going, but ${where}. Give \`link:https://…\` too, or leave \`link-for\` out. Nothing was saved.`,
  );
}

export function checkLocation(value: ChannelRef): string {
  if (value.type !== ChannelType.GuildVoice && value.type !== ChannelType.GuildStageVoice) {
    throw new UserError(`<#${value.id}> is not a voice or stage channel. Pick one for the location, or use \`link\`.`);
  }
  return value.id;
}

export function checkTextChannel(value: ChannelRef): string {
  if (value.type !== ChannelType.GuildText && value.type !== ChannelType.GuildAnnouncement) {
    throw new UserError(`<#${value.id}> is not a text channel. Pick a text channel for the announcement.`);
  }
  return value.id;
}

/** The channel given, else the server's announcement channel; neither is an error that says how to fix it. */
export function requireAnnouncementChannel(given: ChannelRef | null, settings: GuildSettings): string {
  const channelId = given ? checkTextChannel(given) : settings.announcementChannelId;
  if (!channelId) {
    throw new UserError(
      'There is no announcement channel yet. Ask an admin to run `/setup announcements:#channel`, or pass `channel:` here.',
    );
  }
  return channelId;
}

/** What /fireside schedule stores: every field of a new discussion but those the command fills in itself. */
export type ScheduleInput = Required<Omit<NewDiscussion, 'guildId' | 'seriesId' | 'createdBy' | 'createdAt'>>;

/** What a discussion and a series share: every field but the title's, start's or schedule's and the channel's. */
export type Details = Omit<ScheduleInput, 'title' | 'startsAt' | 'channelId'>;

/**
 * The per-field checks of /fireside schedule and /fireside series create, with their defaults (one hour,
 * the server's time zone), so the same value gets the same answer in both.
 */
export function checkDetails(options: Omit<DiscussionOptions, 'start'>, settings: GuildSettings): Details {
  const details: Details = {
    description: options.description === null ? null : checkDescription(options.description),
    timezone: requireTimeZone(options.timezone ?? settings.timezone),
    durationMinutes: options.duration === null ? 60 : checkDuration(options.duration),
    facilitatorId: options.facilitatorId,
    locationChannelId: options.location ? checkLocation(options.location) : null,
    link: options.link === null ? null : checkLink(options.link),
    linkFor: options.linkFor ?? 'everyone',
    capacity: options.capacity === null ? null : checkCapacity(options.capacity),
    reminders: options.reminders === null ? null : parseOffsets(options.reminders),
    topicSlug: options.topic?.slug ?? null,
    topicTitle: options.topic?.title ?? null,
  };
  checkLinkFor(details.link, details.linkFor);
  return details;
}

/** Every check of /fireside schedule, before anything is stored or posted. */
export function validateSchedule(options: DiscussionOptions, settings: GuildSettings, now: Date): ScheduleInput {
  if (options.title === null || options.start === null) throw new UserError('Give both a `title` and a `start`.');
  const title = checkTitle(options.title);
  const details = checkDetails(options, settings);
  const startsAt = parseStart(options.start, details.timezone, now).getTime();
  const channelId = requireAnnouncementChannel(options.channel, settings);
  return { title, ...details, startsAt, channelId };
}

export interface EditInput {
  patch: DiscussionPatch;
  /** What members who answered Going or Maybe are told changed. */
  told: string[];
}

/** The fields an edit may change but the start: only those given, each with its check (/fireside edit, series edit). */
export function checkGiven(
  options: Omit<DiscussionOptions, 'start'>,
  what = 'discussion',
): Omit<DiscussionPatch, 'startsAt'> {
  const patch: Omit<DiscussionPatch, 'startsAt'> = {};
  if (options.title !== null) patch.title = checkTitle(options.title, what);
  if (options.description !== null) patch.description = checkDescription(options.description);
  if (options.timezone !== null) patch.timezone = requireTimeZone(options.timezone);
  if (options.duration !== null) patch.durationMinutes = checkDuration(options.duration);
  if (options.facilitatorId !== null) patch.facilitatorId = options.facilitatorId;
  if (options.location !== null) patch.locationChannelId = checkLocation(options.location);
  if (options.link !== null) patch.link = checkLink(options.link);
  if (options.linkFor !== null) patch.linkFor = options.linkFor;
  if (options.capacity !== null) patch.capacity = checkCapacity(options.capacity);
  if (options.channel !== null) patch.channelId = checkTextChannel(options.channel);
  if (options.reminders !== null) patch.reminders = parseOffsets(options.reminders);
  if (options.topic !== null) {
    patch.topicSlug = options.topic.slug;
    patch.topicTitle = options.topic.title;
  }
  return patch;
}

/** After an edit: a link kept for members going is still there (clearing it is refused while it is theirs). */
export function checkLinkKept(edited: Pick<Discussion, 'link' | 'linkFor'>, linkCleared: boolean, what: string): void {
  if (linkCleared && edited.linkFor === 'going') {
    throw new UserError(
      'The link is for members going (`link-for:going`): clearing it would leave them with none. Give a new `link:` instead, or clear it together with `link-for:everyone`. Nothing was changed.',
    );
  }
  checkLinkFor(edited.link, edited.linkFor, what);
}

/** What `/fireside edit clear:` can unset: each key is the option that sets the field. */
export const EDIT_CLEARABLE = {
  description: 'description',
  facilitator: 'facilitatorId',
  location: 'locationChannelId',
  link: 'link',
  capacity: 'capacity',
  reminders: 'reminders',
  topic: 'topicSlug',
} as const satisfies Record<string, keyof DiscussionPatch>;

/**
 * /fireside edit: only the options given change, and the field `cleared` (if any) is unset; a new start is read in
 * the new zone, else the discussion's.
 */
export function validateEdit(
  options: DiscussionOptions,
  discussion: Discussion,
  now: Date,
  cleared?: (typeof EDIT_CLEARABLE)[keyof typeof EDIT_CLEARABLE],
): EditInput {
  const patch: DiscussionPatch = checkGiven(options);
  if (cleared) patch[cleared] = null;
  // The title is kept only to name a topic whose page is gone: no topic, no title.
  if (cleared === 'topicSlug') patch.topicTitle = null;
  if (options.start !== null) {
    patch.startsAt = parseStart(options.start, patch.timezone ?? discussion.timezone, now).getTime();
  }
  if (Object.keys(patch).length === 0) throw new UserError('Nothing to change: give at least one option to edit.');
  checkLinkKept({ ...discussion, ...patch }, cleared === 'link', `**${discussion.title}**`);
  const told: string[] = [];
  const differs = <K extends keyof DiscussionPatch>(key: K) => key in patch && patch[key] !== discussion[key];
  if (differs('startsAt') || differs('durationMinutes')) told.push('time');
  if (differs('locationChannelId') || differs('link')) told.push('place');
  return { patch, told };
}
