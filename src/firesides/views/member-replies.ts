import type { Discussion } from '../types.js';

export const questionThanksText = (discussion: Discussion, anonymous: boolean) =>
  `Thank you, your question for **${discussion.title}** was passed on ${anonymous ? 'anonymously' : 'with your name'}.`;

export const calendarText = (discussion: Discussion, googleLink: string) =>
  `Open the attached file to add **${discussion.title}** to your calendar, or [add it to Google Calendar](<${googleLink}>).`;
