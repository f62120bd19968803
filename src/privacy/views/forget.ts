import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType } from 'discord.js';
import { count } from '../../discord/count.js';
import { customId } from '../../discord/custom-id.js';
import type { ErasedCounts } from '../member-data-store.js';

/** How long the Erase button of /privacy forget stays valid. */
export const FORGET_VALID_MS = 5 * 60_000;

export const NOTHING_HELD_TEXT =
  'I hold nothing about you in this server: no RSVPs, no questions under your name, no reminder choice, no topic interests, no delivery records. There is nothing to erase.';

/** The kinds of data, counted in words; the DM records only when they go too. */
function countLines(counts: ErasedCounts): string[] {
  const lines = [
    count(counts.rsvps, 'RSVP'),
    `${count(counts.questions, 'question')} asked under your name`,
    counts.reminderChoice ? 'your reminder choice (reminders go back to on)' : 'no reminder choice',
    count(counts.interests, 'topic interest'),
    `${count(counts.deliveries, 'delivery record')} (which reminders reached you)`,
  ];
  if (counts.dmRecords)
    lines.push('the DM channel I remember for you (nothing of yours is left in any other server I share with you)');
  return lines.map((line) => `• ${line}`);
}

export function forgetSummaryText(counts: ErasedCounts, expiresAt: number): string {
  return [
    '**This erases everything I hold about you in this server:**',
    ...countLines(counts),
    "A Going place you free goes to the next member on the waitlist, as when you click Can't go.",
    'Anonymous questions stay: they carry no author, so nobody can tell they are yours. What moderators did (discussions they created, reminders they sent) keeps their name.',
    `Click **Erase my data** before <t:${Math.floor(expiresAt / 1_000)}:t> (5 minutes) to go ahead; nothing is erased until then.`,
  ].join('\n');
}

export function forgetButtons(userId: string, expiresAt: number): APIActionRowComponent<APIButtonComponent>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Erase my data',
          custom_id: customId('forget', 'yes', userId, expiresAt),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Cancel',
          custom_id: customId('forget', 'no', userId, expiresAt),
        },
      ],
    },
  ];
}

export function erasedText(counts: ErasedCounts, promotedPlaces: number): string {
  const lines = ['**Erased what I held about you in this server:**', ...countLines(counts)];
  if (promotedPlaces) lines.push(`${count(promotedPlaces, 'member')} moved up from a waitlist into your place.`);
  lines.push('`/privacy show` lists what I hold about you, now and whenever you want to check.');
  return lines.join('\n');
}

export const NOTHING_LEFT_TEXT =
  'Nothing left to erase: I hold nothing about you in this server (already erased?). `/privacy show` lists what I hold.';

export const CANCELLED_TEXT = 'Cancelled: nothing was erased.';

export const EXPIRED_TEXT =
  'This confirmation expired (it is valid 5 minutes): nothing was erased. Run `/privacy forget` again to erase your data.';

export const NOT_YOURS_TEXT =
  'This button belongs to the member who ran `/privacy forget`; nothing was erased. Run `/privacy forget` yourself to erase your own data.';
