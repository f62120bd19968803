import { PERMISSIONS } from './fixtures.js';
import { checkMessageBody, isEmptyMessage } from './limits.js';
import { createMessage, editMessage, messageResponse } from './messages.js';
import { has } from './permissions.js';
import { ERRORS, fieldError, type Handler, noContent, ok, type Reply, type RouteContext } from './route-context.js';
import { dmChannelObject, selfUserObject } from './shapes.js';
import type { ChannelRecord } from './state.js';
import type { EmulatedMessage, Json } from './types.js';

/** Returns the channel when the bot may read it, or the reply Discord would give. */
function visibleChannel(ctx: RouteContext): ChannelRecord | Reply {
  const channel = ctx.state.channels.get(ctx.params.channel_id as string);
  if (!channel) return ERRORS.unknownChannel();
  if (channel.guildId && !ctx.state.canView(channel.guildId, channel.id)) return ERRORS.missingAccess();
  return channel;
}

function channelMessage(ctx: RouteContext): EmulatedMessage | Reply {
  const channel = visibleChannel(ctx);
  if ('status' in channel) return channel;
  const message = ctx.state.messages.get(ctx.params.message_id as string);
  return message && message.channel_id === channel.id ? message : ERRORS.unknownMessage();
}

const getChannel: Handler = (ctx) => {
  const channel = visibleChannel(ctx);
  return 'status' in channel ? channel : ok(ctx.state.channelObject(channel.id));
};

/*
 * Create Message (developers/resources/message.mdx): `nonce` "Can be used to verify a message was sent (up to 25
 * characters)"; `enforce_nonce`: "If true and nonce is present, it will be checked for uniqueness in the past few
 * minutes. If another message was created by the same author with the same nonce, that message will be returned and
 * no new message will be created." The docs give no figure for "a few minutes": the emulator keeps a nonce two, the
 * shortest reading, so that nothing passes here that would not pass on Discord. They do not say what happens when
 * that message was deleted since: the emulator then creates a new one.
 */
const NONCE_MAX = 25;
const NONCE_WINDOW_MS = 2 * 60_000;

/** The earlier message an `enforce_nonce` request names, while Discord would still return it. */
function earlierWithNonce(ctx: RouteContext, body: Json): EmulatedMessage | undefined {
  if (body?.enforce_nonce !== true || body.nonce === undefined || body.nonce === null) return undefined;
  const seen = ctx.state.nonces.get(String(body.nonce));
  if (!seen || Date.now() - seen.at > NONCE_WINDOW_MS) return undefined;
  return ctx.state.messages.get(seen.messageId);
}

function rememberNonce(ctx: RouteContext, nonce: string, messageId: string): void {
  const now = Date.now();
  // Kept only while it counts, so that a long run (the benches' thousands of DMs) does not keep them all. The map is
  // in the order of creation: the expired ones come first.
  for (const [key, seen] of ctx.state.nonces) {
    if (now - seen.at <= NONCE_WINDOW_MS) break;
    ctx.state.nonces.delete(key);
  }
  ctx.state.nonces.delete(nonce);
  ctx.state.nonces.set(nonce, { messageId, at: now });
}

const postMessage: Handler = (ctx) => {
  const channel = visibleChannel(ctx);
  if ('status' in channel) return channel;
  const body = ctx.req.body as Json;
  if (typeof body?.nonce === 'string' && body.nonce.length > NONCE_MAX)
    return fieldError('nonce', `Must be ${NONCE_MAX} or fewer in length.`);
  const earlier = earlierWithNonce(ctx, body);
  if (earlier) return ok(messageResponse(earlier));
  if (channel.recipientId && ctx.state.closedDms.has(channel.recipientId)) return ERRORS.cannotDm();
  if (channel.guildId) {
    const bits = ctx.state.botPermissionsIn(channel.guildId, channel.id);
    if (!has(bits, PERMISSIONS.SEND_MESSAGES)) return ERRORS.missingPermissions();
    if (body?.embeds?.length > 0 && !has(bits, PERMISSIONS.EMBED_LINKS)) return ERRORS.missingPermissions();
    if (ctx.req.files.length > 0 && !has(bits, PERMISSIONS.ATTACH_FILES)) return ERRORS.missingPermissions();
  }
  const invalid = checkMessageBody(body);
  if (invalid) return { status: 400, body: invalid };
  if (isEmptyMessage(body, ctx.req.files.length)) return ERRORS.emptyMessage();
  const message = createMessage(
    ctx.state,
    ctx.baseUrl,
    { channelId: channel.id, guildId: channel.guildId },
    body,
    ctx.req.files,
  );
  if (body?.nonce !== undefined && body.nonce !== null) {
    message.nonce = body.nonce;
    if (body.enforce_nonce === true) rememberNonce(ctx, String(body.nonce), message.id);
  }
  return ok(messageResponse(message));
};

const getMessage: Handler = (ctx) => {
  const found = channelMessage(ctx);
  return 'id' in found ? ok(messageResponse(found)) : found;
};

const patchMessage: Handler = (ctx) => {
  const found = channelMessage(ctx);
  if (!('id' in found)) return found;
  if (found.author?.id !== ctx.state.botUserId) return ERRORS.notAuthor();
  const invalid = checkMessageBody(ctx.req.body);
  if (invalid) return { status: 400, body: invalid };
  return ok(messageResponse(editMessage(ctx.state, ctx.baseUrl, found, ctx.req.body, ctx.req.files)));
};

const deleteMessage: Handler = (ctx) => {
  const found = channelMessage(ctx);
  if (!('id' in found)) return found;
  ctx.state.deleteMessage(found.id);
  return noContent;
};

const openDm: Handler = (ctx) => {
  const recipientId = (ctx.req.body as { recipient_id?: string } | undefined)?.recipient_id;
  if (!recipientId) return fieldError('recipient_id', 'This field is required');
  const user = ctx.state.users.get(recipientId);
  if (!user) return ERRORS.unknownUser();
  const channel = ctx.state.dmChannelFor(recipientId);
  return ok(dmChannelObject(channel.id, user));
};

const getSelf: Handler = (ctx) => ok(selfUserObject(ctx.state.botUser()));

const getUser: Handler = (ctx) => {
  const user = ctx.state.userPayload(ctx.params.user_id as string);
  return user ? ok(user) : ERRORS.unknownUser();
};

export const channelRoutes: Array<[string, string, Handler]> = [
  ['GET', '/channels/{channel_id}', getChannel],
  ['POST', '/channels/{channel_id}/messages', postMessage],
  ['GET', '/channels/{channel_id}/messages/{message_id}', getMessage],
  ['PATCH', '/channels/{channel_id}/messages/{message_id}', patchMessage],
  ['DELETE', '/channels/{channel_id}/messages/{message_id}', deleteMessage],
  ['POST', '/users/@me/channels', openDm],
  ['GET', '/users/@me', getSelf],
  ['GET', '/users/{user_id}', getUser],
];
