import { checkAutocompleteChoices, checkMessageBody, isEmptyMessage } from './limits.js';
import { createMessage, editMessage, messageResponse } from './messages.js';
import { checkModal } from './modals.js';
import { ERRORS, fieldError, type Handler, noContent, ok, type Reply, type RouteContext } from './route-context.js';
import type { InteractionRecord } from './state.js';
import type { EmulatedMessage, Json } from './types.js';

const EPHEMERAL = 64;
const LOADING = 128;
const INTERACTION = { COMMAND: 2, COMPONENT: 3, AUTOCOMPLETE: 4, MODAL_SUBMIT: 5 };

function metadata(ctx: RouteContext, record: InteractionRecord) {
  return {
    id: record.id,
    type: record.type,
    user: ctx.state.userPayload(record.userId),
    // Guild installs are owned by the guild ('0'); a DM with the bot by the user ('1').
    authorizing_integration_owners: record.guildId ? { '0': record.guildId } : { '1': record.userId },
    ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
  };
}

function newResponseMessage(
  ctx: RouteContext,
  record: InteractionRecord,
  body: Json,
  extraFlags: number,
): EmulatedMessage {
  return createMessage(
    ctx.state,
    ctx.baseUrl,
    {
      channelId: record.channelId,
      guildId: record.guildId,
      type: record.type === INTERACTION.COMMAND ? 20 : 19,
      webhookId: ctx.state.applicationId,
      interactionMetadata: metadata(ctx, record),
      extraFlags,
    },
    body,
    ctx.req.files,
  );
}

/** Checks the type-specific rules of a callback; returns an error reply or the message it produced. */
function applyCallback(
  ctx: RouteContext,
  record: InteractionRecord,
  type: number,
  data: Json,
): Reply | EmulatedMessage | undefined {
  const source = record.sourceMessageId ? ctx.state.messages.get(record.sourceMessageId) : undefined;
  const isComponentLike = record.type === INTERACTION.COMPONENT || (record.type === INTERACTION.MODAL_SUBMIT && source);
  if (record.type === INTERACTION.AUTOCOMPLETE && type !== 8)
    return fieldError('type', 'Autocomplete interactions only accept type 8.');
  switch (type) {
    case 4: {
      const invalid = checkMessageBody(data);
      if (invalid) return { status: 400, body: invalid };
      if (isEmptyMessage(data, ctx.req.files.length)) return ERRORS.emptyMessage();
      return newResponseMessage(ctx, record, data, 0);
    }
    case 5:
      return newResponseMessage(ctx, record, { flags: (data?.flags ?? 0) & EPHEMERAL }, LOADING);
    case 6:
    case 7: {
      if (!isComponentLike || !source) return fieldError('type', 'Only component interactions can update a message.');
      if (type === 6) return source;
      const invalid = checkMessageBody(data);
      if (invalid) return { status: 400, body: invalid };
      return editMessage(ctx.state, ctx.baseUrl, source, data ?? {}, ctx.req.files, 'interaction');
    }
    case 8: {
      if (record.type !== INTERACTION.AUTOCOMPLETE) return fieldError('type', 'Type 8 answers autocomplete only.');
      const invalid = checkAutocompleteChoices(data);
      return invalid ? { status: 400, body: invalid } : undefined;
    }
    case 9: {
      if (record.type === INTERACTION.MODAL_SUBMIT) return fieldError('type', 'A modal cannot open another modal.');
      const invalid = checkModal(data);
      if (invalid) return { status: 400, body: invalid };
      // A member sees one modal at a time; its submission is built from what the bot sent (emulator-rules.md).
      ctx.state.openModals.set(record.userId, {
        data,
        userId: record.userId,
        guildId: record.guildId,
        channelId: record.channelId,
        sourceMessageId: record.sourceMessageId,
      });
      return undefined;
    }
    case 1:
      return undefined;
    default:
      return fieldError('type', `Unknown callback type ${type}.`);
  }
}

const callback: Handler = (ctx) => {
  const { interaction_id: id, interaction_token: token } = ctx.params;
  const record = ctx.state.interactions.get(id as string);
  if (!record || record.token !== token) return ERRORS.unknownInteraction();
  if (record.acknowledged) return ERRORS.alreadyAcknowledged();
  const late = ctx.callbackDeadlineMs > 0 && Date.now() - record.createdAt > ctx.callbackDeadlineMs;
  if (late) {
    record.settle(
      new Error(`${record.describe} was answered after Discord's ${ctx.callbackDeadlineMs} ms deadline: defer first`),
    );
    return ERRORS.unknownInteraction();
  }
  const body = ctx.req.body as { type?: number; data?: Json } | undefined;
  const type = Number(body?.type);
  const outcome = applyCallback(ctx, record, type, body?.data);
  if (outcome && 'status' in outcome) return outcome as Reply;
  const message = outcome as EmulatedMessage | undefined;
  record.acknowledged = true;
  // The modal closes once its submission is answered; until then the member may send it again.
  if (record.type === INTERACTION.MODAL_SUBMIT) ctx.state.openModals.delete(record.userId);
  const result = record.result;
  result.callback = { type, ...(body?.data !== undefined ? { data: body.data } : {}) };
  result.files.push(...ctx.req.files);
  if (message) {
    result.message = message;
    record.originalMessageId = message.id;
    result.ephemeral = (message.flags & EPHEMERAL) !== 0;
  }
  record.settle();
  if (ctx.req.query.with_response !== 'true') return noContent;
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: type === 5,
            response_message_ephemeral: result.ephemeral,
          }
        : {}),
      channel_id: record.channelId,
      ...(record.guildId ? { guild_id: record.guildId } : {}),
    },
    ...(message && type !== 6 ? { resource: { type, message: messageResponse(message) } } : {}),
  });
};

/**
 * Interaction tokens serve follow-ups and edits of the original response for 15 minutes, on Discord's clock
 * (developers/interactions/receiving-and-responding.mdx, "Followup Messages": "Interaction tokens are valid for
 * 15 minutes"). The docs do not say how a dead token is refused; the emulator answers 401 with 50027 "Invalid
 * Webhook Token" (developers/topics/opcodes-and-status-codes.mdx, JSON error codes), the token being the route's
 * credential.
 */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;

/** The interaction whose webhook token the route names, or Discord's refusal. */
function recordFor(ctx: RouteContext): InteractionRecord | Reply {
  if (ctx.params.webhook_id !== ctx.state.applicationId) return ERRORS.unknownWebhook();
  const record = ctx.state.interactionsByToken.get(ctx.params.webhook_token as string);
  if (!record) return ERRORS.unknownWebhook();
  if (ctx.state.now() - record.tokenIssuedAt > INTERACTION_TOKEN_TTL_MS) return ERRORS.invalidWebhookToken();
  return record;
}

function messageOf(ctx: RouteContext, record: InteractionRecord, messageId: string): EmulatedMessage | undefined {
  const id = messageId === '@original' ? record.originalMessageId : messageId;
  const message = id ? ctx.state.messages.get(id) : undefined;
  if (!message) return undefined;
  const ours = id === record.originalMessageId || record.result.followups.some((m) => m.id === id);
  return ours ? message : undefined;
}

const getMessage: Handler = (ctx) => {
  const record = recordFor(ctx);
  if ('status' in record) return record;
  const message = messageOf(ctx, record, ctx.params.message_id ?? '@original');
  return message ? ok(messageResponse(message)) : ERRORS.unknownMessage();
};

const patchMessage: Handler = (ctx) => {
  const record = recordFor(ctx);
  if ('status' in record) return record;
  const messageId = ctx.params.message_id ?? '@original';
  const message = messageOf(ctx, record, messageId);
  if (!message) return ERRORS.unknownMessage();
  const invalid = checkMessageBody(ctx.req.body);
  if (invalid) return { status: 400, body: invalid };
  editMessage(ctx.state, ctx.baseUrl, message, ctx.req.body, ctx.req.files, 'interaction');
  if (messageId === '@original') record.result.edits.push(ctx.req.body);
  record.result.files.push(...ctx.req.files);
  return ok(messageResponse(message));
};

const deleteMessage: Handler = (ctx) => {
  const record = recordFor(ctx);
  if ('status' in record) return record;
  const message = messageOf(ctx, record, ctx.params.message_id ?? '@original');
  if (!message) return ERRORS.unknownMessage();
  ctx.state.deleteMessage(message.id);
  return noContent;
};

const followUp: Handler = (ctx) => {
  const record = recordFor(ctx);
  if ('status' in record) return record;
  // Discord only accepts follow-ups once the interaction has been answered.
  if (!record.acknowledged) return ERRORS.unknownWebhook();
  const body = ctx.req.body as Json;
  const invalid = checkMessageBody(body);
  if (invalid) return { status: 400, body: invalid };
  if (isEmptyMessage(body, ctx.req.files.length)) return ERRORS.emptyMessage();
  const message = newResponseMessage(ctx, record, body, 0);
  message.type = 0;
  record.result.followups.push(message);
  record.result.files.push(...ctx.req.files);
  record.followedUp();
  return ctx.req.query.wait === 'true' ? ok(messageResponse(message)) : noContent;
};

export const interactionRoutes: Array<[string, string, Handler]> = [
  ['POST', '/interactions/{interaction_id}/{interaction_token}/callback', callback],
  ['GET', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', getMessage],
  ['PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', patchMessage],
  ['DELETE', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', deleteMessage],
  ['GET', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}', getMessage],
  ['PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}', patchMessage],
  ['DELETE', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}', deleteMessage],
  ['POST', '/webhooks/{webhook_id}/{webhook_token}', followUp],
];
