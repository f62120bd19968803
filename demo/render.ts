import { defaultGuild, type Json } from '@healing-library/discord-emulator';

/** Renders what a member would see in Discord as plain text for the demo transcript. */

export interface Renderable {
  content?: string;
  embeds?: Json[];
  components?: Json[];
  flags?: number;
  attachments?: { filename?: string }[];
}

const EPHEMERAL = 64;
const guild = defaultGuild();
const names = new Map<string, string>([
  ...guild.channels.map((channel) => [channel.id, `#${channel.name}`] as [string, string]),
  ...guild.roles.map((role) => [role.id, `@${role.name}`] as [string, string]),
  ...guild.members.map((member) => [member.userId, `@${member.username}`] as [string, string]),
]);

function relative(seconds: number, now: number): string {
  const minutes = Math.round((seconds * 1000 - now) / 60_000);
  if (minutes === 0) return 'now';
  const size = Math.abs(minutes) >= 1_440 ? [1_440, 'day'] : Math.abs(minutes) >= 60 ? [60, 'hour'] : [1, 'minute'];
  const count = Math.round(Math.abs(minutes) / (size[0] as number));
  const unit = `${count} ${size[1]}${count === 1 ? '' : 's'}`;
  return minutes >= 0 ? `in ${unit}` : `${unit} ago`;
}

/** A masked link shows as its text; the arrow says it opens elsewhere, as link buttons do here. */
const MASKED_LINK = /\[((?:\\.|[^\]\\])+)\]\(<?https?:\/\/[^\s)>]+>?\)/g;
const unmask = (_: string, label: string) => `${label.replace(/\\(.)/g, '$1')} ↗`;

/** Shows mentions, timestamps and links the way a member's Discord client would (in UTC here). */
function humanise(text: string, now: number): string {
  return text
    .replace(/<t:(\d+):R>/g, (_, seconds) => relative(Number(seconds), now))
    .replace(/<t:(\d+):[a-zA-Z]>/g, (_, seconds) =>
      new Date(Number(seconds) * 1000).toUTCString().replace(/:\d\d GMT$/, ' UTC'),
    )
    .replace(/<(#|@&|@)(\d+)>/g, (whole, _, id) => names.get(id) ?? whole)
    .replace(MASKED_LINK, unmask);
}
const WIDTH = 78;

function wrap(text: string, indent: string, now: number): string[] {
  const lines: string[] = [];
  for (const paragraph of humanise(text, now).split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + word.length + 1 > WIDTH - indent.length) {
        lines.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(indent + line);
  }
  return lines;
}

function renderButtons(components: Json[]): string[] {
  return components.map((row) =>
    row.components
      .map((button: Json) => {
        const label = button.label ?? button.placeholder ?? button.custom_id;
        if (button.url) return `[${label} ↗]`;
        return button.disabled ? `(${label})` : `[${label}]`;
      })
      .join(' '),
  );
}

export function renderMessage(message: Renderable, now = Date.now(), indent = '    '): string {
  const out: string[] = [];
  if (message.flags && message.flags & EPHEMERAL) out.push(`${indent}(only you can see this)`);
  if (message.content) out.push(...wrap(message.content, indent, now));
  for (const embed of message.embeds ?? []) {
    out.push(`${indent}┌─ ${embed.author?.name ? `${embed.author.name} · ` : ''}${embed.title ?? ''}`);
    if (embed.description) out.push(...wrap(embed.description, `${indent}│ `, now));
    for (const field of embed.fields ?? []) {
      out.push(`${indent}│ ${field.name}`);
      out.push(...wrap(field.value, `${indent}│   `, now));
    }
    if (embed.footer?.text) out.push(`${indent}│ — ${embed.footer.text}`);
    out.push(`${indent}└─`);
  }
  for (const file of message.attachments ?? []) out.push(`${indent}📎 ${file.filename}`);
  out.push(...renderButtons(message.components ?? []).map((row) => indent + row));
  return out.join('\n');
}
