/** What the stores hand out: the rows of migration 2 in camelCase, times as unix ms UTC. */

export const RSVP_CHOICES = ['going', 'maybe', 'no'] as const;
/** What a member can ask for. */
export type RsvpChoice = (typeof RSVP_CHOICES)[number];
/** What is stored: a Going past capacity becomes `waitlist`. */
export type RsvpStatus = RsvpChoice | 'waitlist';
export type ReminderDelivery = 'dm' | 'channel' | 'both';
export type DiscussionStatus = 'scheduled' | 'cancelled';

/** `link-for:` of /fireside schedule, edit and series: who may see the meeting link (src/firesides/link-for.ts). */
export const LINK_FOR = ['everyone', 'going'] as const;
export type LinkFor = (typeof LINK_FOR)[number];

export const DEFAULT_REMINDERS: readonly number[] = [1_440, 60];

/** Days a discussion's per-member rows are kept after it ends or is cancelled: /setup retention's range and default. */
export const RETENTION_DAYS = { min: 1, max: 365, default: 30 } as const;

export interface GuildSettings {
  guildId: string;
  announcementChannelId: string | null;
  moderatorRoleId: string | null;
  /** The server's zone, or the bot's DEFAULT_TIMEZONE when none was set (see timezoneIsDefault). */
  timezone: string;
  timezoneIsDefault: boolean;
  /** Minutes before the start, earliest first; DEFAULT_REMINDERS when never set, [] for `none`. */
  reminders: number[];
  reminderDelivery: ReminderDelivery;
  remindMaybe: boolean;
  pingRoleId: string | null;
  nativeEvents: boolean;
  /** Days after a discussion ends or is cancelled before its per-member rows are purged (see retentionIsDefault). */
  retentionDays: number;
  retentionIsDefault: boolean;
}

export type SettingsPatch = Partial<{
  announcementChannelId: string | null;
  moderatorRoleId: string | null;
  timezone: string | null;
  reminders: number[] | null;
  reminderDelivery: ReminderDelivery;
  remindMaybe: boolean;
  pingRoleId: string | null;
  nativeEvents: boolean;
  retentionDays: number | null;
}>;

export interface Discussion {
  id: number;
  guildId: string;
  seriesId: number | null;
  title: string;
  description: string | null;
  startsAt: number;
  timezone: string;
  durationMinutes: number;
  facilitatorId: string | null;
  locationChannelId: string | null;
  link: string | null;
  /** `going`: the link reaches only members going, never anything public. */
  linkFor: LinkFor;
  capacity: number | null;
  channelId: string;
  /** Where the announcement is; null before it is posted, or once it was deleted. */
  messageId: string | null;
  /** When members were first shown it; stays set when the announcement is deleted. */
  announcedAt: number | null;
  scheduledEventId: string | null;
  /** Minutes before the start overriding the server's reminders; null = use the server's. */
  reminders: number[] | null;
  /** The library page it is about (its slug), and that page's title when it was chosen: kept if the page goes. */
  topicSlug: string | null;
  topicTitle: string | null;
  status: DiscussionStatus;
  cancelReason: string | null;
  cancelledAt: number | null;
  /** When its per-member rows were purged (retention); from then on only counts are kept (keptQuestions, counts()). */
  purgedAt: number | null;
  keptQuestions: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface NewDiscussion {
  guildId: string;
  seriesId?: number | null;
  title: string;
  description?: string | null;
  startsAt: number;
  timezone: string;
  durationMinutes: number;
  facilitatorId?: string | null;
  locationChannelId?: string | null;
  link?: string | null;
  linkFor?: LinkFor;
  capacity?: number | null;
  channelId: string;
  reminders?: number[] | null;
  topicSlug?: string | null;
  topicTitle?: string | null;
  createdBy: string;
  createdAt: number;
}

/** The fields /fireside edit may change. */
export type DiscussionPatch = Partial<
  Pick<
    Discussion,
    | 'title'
    | 'description'
    | 'startsAt'
    | 'timezone'
    | 'durationMinutes'
    | 'facilitatorId'
    | 'locationChannelId'
    | 'link'
    | 'linkFor'
    | 'capacity'
    | 'channelId'
    | 'reminders'
    | 'topicSlug'
    | 'topicTitle'
  >
>;

export interface Rsvp {
  discussionId: number;
  userId: string;
  status: RsvpStatus;
  firstClickedAt: number;
  /** When the member entered their current status. */
  statusSince: number;
  /** Order of entering the current status within the discussion: RSVP order and waitlist order. */
  position: number;
}

export interface RsvpCounts {
  going: number;
  maybe: number;
  no: number;
  waitlist: number;
}

export interface RsvpChange {
  before: RsvpStatus | null;
  after: RsvpStatus;
  /** False when the member clicked the status they already had: nothing was written. */
  changed: boolean;
  /** Members moved from the waitlist to Going by this change, in waitlist order. */
  promoted: string[];
}

export interface Question {
  id: number;
  discussionId: number;
  /** Who asked under their name; null for an anonymous question, whose author is stored nowhere. */
  userId: string | null;
  anonymous: boolean;
  text: string;
  askedAt: number;
}
