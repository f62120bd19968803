import type { Json } from '../emulator/types.js';

/** Renders what a member would see in Discord as plain text for the demo transcript. */

interface Renderable {
  content?: string;
  embeds?: Json[];
  components?: Json[];
  flags?: number;
  attachments?: { filename?: string }[];
}

const EPHEMERAL = 64;
const WIDTH = 78;

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
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

export function renderMessage(message: Renderable, indent = '    '): string {
  const out: string[] = [];
  if (message.flags && message.flags & EPHEMERAL) out.push(`${indent}(only you can see this)`);
  if (message.content) out.push(...wrap(message.content, indent));
  for (const embed of message.embeds ?? []) {
    out.push(`${indent}┌─ ${embed.author?.name ? `${embed.author.name} · ` : ''}${embed.title ?? ''}`);
    if (embed.description) out.push(...wrap(embed.description, `${indent}│ `));
    for (const field of embed.fields ?? []) {
      out.push(`${indent}│ ${field.name}`);
      out.push(...wrap(field.value, `${indent}│   `));
    }
    if (embed.footer?.text) out.push(`${indent}│ — ${embed.footer.text}`);
    out.push(`${indent}└─`);
  }
  for (const file of message.attachments ?? []) out.push(`${indent}📎 ${file.filename}`);
  out.push(...renderButtons(message.components ?? []).map((row) => indent + row));
  return out.join('\n');
}
