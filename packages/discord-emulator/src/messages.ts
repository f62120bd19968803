import { type MentionContext, resolveMentions } from './mentions.js';
import type { EmulatorState } from './state.js';
import type { EmulatedMessage, Json, UploadedFile } from './types.js';

/** Message flags that a client may set; others (e.g. LOADING) are Discord's to manage. */
const EPHEMERAL = 64;
const LOADING = 128;

export interface MessageOrigin {
  channelId: string;
  guildId?: string;
  type?: number;
  webhookId?: string;
  interactionMetadata?: unknown;
  extraFlags?: number;
}

/** Embeds as Discord echoes them: typed, null fields dropped, inline spelled out. */
function normalizeEmbeds(embeds: Json[] | null | undefined): Json[] {
  return (embeds ?? []).map((embed) => {
    const out: Record<string, unknown> = { type: 'rich' };
    for (const [key, value] of Object.entries(embed ?? {})) if (value !== null && value !== undefined) out[key] = value;
    if (Array.isArray(embed?.fields))
      out.fields = embed.fields.map((f: Json) => ({ name: f.name, value: f.value, inline: Boolean(f.inline) }));
    if (embed?.timestamp) out.timestamp = new Date(embed.timestamp).toISOString();
    return out;
  });
}

/** Discord numbers every component of a message in depth-first order; the response schema requires it. */
function numberComponents(components: Json[]): Json[] {
  let next = 1;
  const visit = (component: Json): Json => {
    const copy = { ...component, id: component.id ?? next };
    next = Math.max(next, copy.id) + 1;
    if (Array.isArray(component.components)) copy.components = component.components.map(visit);
    if (component.accessory) copy.accessory = visit(component.accessory);
    return copy;
  };
  return components.map(visit);
}

function attachmentsFor(
  state: EmulatorState,
  baseUrl: string,
  channelId: string,
  body: Json,
  files: UploadedFile[],
  kept: Json[],
) {
  const described: Json[] = Array.isArray(body?.attachments) ? body.attachments : [];
  const fresh = files.map((file, i) => {
    const meta = described.find((a) => String(a?.id) === String(i)) ?? {};
    const id = state.nextId();
    const filename = meta.filename ?? file.name;
    const url = `${baseUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      ...(meta.description ? { description: meta.description } : {}),
      ...(filename.endsWith('.ics') ? { content_type: 'text/calendar; charset=utf-8' } : {}),
    };
  });
  return [...kept, ...fresh];
}

export function createMessage(
  state: EmulatorState,
  baseUrl: string,
  origin: MessageOrigin,
  body: Json,
  files: UploadedFile[],
): EmulatedMessage {
  const id = state.nextId();
  const message: EmulatedMessage = {
    id,
    channel_id: origin.channelId,
    ...(origin.guildId ? { guild_id: origin.guildId } : {}),
    type: origin.type ?? 0,
    content: body?.content ?? '',
    embeds: normalizeEmbeds(body?.embeds),
    components: numberComponents(body?.components ?? []),
    flags: ((body?.flags ?? 0) & ~LOADING) | (origin.extraFlags ?? 0),
    allowed_mentions: body?.allowed_mentions,
    attachments: attachmentsFor(state, baseUrl, origin.channelId, body, files, []),
    author: state.userPayload(state.botUserId),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: Boolean(body?.tts),
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    ...(origin.webhookId ? { webhook_id: origin.webhookId, application_id: origin.webhookId } : {}),
    ...(origin.interactionMetadata ? { interaction_metadata: origin.interactionMetadata } : {}),
  };
  if (message.allowed_mentions === undefined) delete message.allowed_mentions;
  const context = origin.webhookId ? 'interaction' : 'message';
  Object.assign(message, resolveMentions(state, origin, message.content, body?.allowed_mentions, context));
  state.addMessage(message, files);
  return message;
}

/** Applies an edit in place, so every holder of the message object sees the current state. */
export function editMessage(
  state: EmulatorState,
  baseUrl: string,
  message: EmulatedMessage,
  body: Json,
  files: UploadedFile[],
  /** Whose defaults apply without `allowed_mentions`: a channel message edit, or an interaction's or webhook's. */
  context: MentionContext = 'message',
): EmulatedMessage {
  if (!body || typeof body !== 'object') return message;
  if ('content' in body) {
    message.content = body.content ?? '';
    // An edited content has its mentions rebuilt from scratch, from this request's allowed_mentions or the defaults
    // (developers/resources/message.mdx, "Edit Message"); an edit without content keeps them.
    const where = { channelId: message.channel_id, guildId: message.guild_id };
    Object.assign(message, resolveMentions(state, where, message.content, body.allowed_mentions, context));
  }
  if ('embeds' in body) message.embeds = normalizeEmbeds(body.embeds);
  if ('components' in body) message.components = numberComponents(body.components ?? []);
  if ('allowed_mentions' in body) message.allowed_mentions = body.allowed_mentions;
  if ('attachments' in body || files.length > 0) {
    const keepIds = new Set((body.attachments ?? []).map((a: Json) => String(a?.id)));
    const kept = 'attachments' in body ? message.attachments.filter((a) => keepIds.has(a.id)) : message.attachments;
    message.attachments = attachmentsFor(state, baseUrl, message.channel_id, body, files, kept);
    if (files.length > 0) state.files.set(message.id, [...(state.files.get(message.id) ?? []), ...files]);
  }
  // Ephemerality is fixed at creation; an edit only clears the "thinking…" state of a deferral.
  message.flags = (message.flags & EPHEMERAL) | ((body.flags ?? message.flags) & ~(EPHEMERAL | LOADING));
  message.edited_timestamp = new Date().toISOString();
  return message;
}

/** The message as the REST API returns it (allowed_mentions is request-only). */
export function messageResponse(message: EmulatedMessage) {
  const { allowed_mentions: _ignored, ...rest } = message;
  return rest;
}
