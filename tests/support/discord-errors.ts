import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/** What discord.js throws when Discord refuses a POST with a JSON error: for client doubles in store-level tests. */
export function refusedPost(path: string, code: number, message: string, status = 403): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', path, {});
}

/** 50007: the member's DMs refuse the bot. */
export const dmsClosed = (path: string) =>
  refusedPost(path, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user');

/** 40003: DM channels are being opened too fast. */
export const openingDmsTooFast = (path: string) =>
  refusedPost(path, RESTJSONErrorCodes.OpeningDirectMessagesTooFast, 'You are opening direct messages too fast');
