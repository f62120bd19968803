import type { Json } from './types.js';
/**
 * Discord's own checks on message bodies (discord-limits.md). The OpenAPI file is looser in places
 * (content up to 4000), so the emulator answers 50035 like Discord does for bots.
 */
export interface FormError {
  code: 50035;
  message: 'Invalid Form Body';
  errors: Record<string, unknown>;
}

export type Problems = Array<[path: string, message: string]>;

export function maxLength(problems: Problems, path: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) problems.push([path, `Must be ${max} or fewer in length.`]);
}

function checkEmbeds(problems: Problems, embeds: Json[]): void {
  if (embeds.length > 10) problems.push(['embeds', 'Must be 10 or fewer in length.']);
  let total = 0;
  embeds.forEach((embed, i) => {
    const at = `embeds.${i}`;
    maxLength(problems, `${at}.title`, embed?.title, 256);
    maxLength(problems, `${at}.description`, embed?.description, 4096);
    maxLength(problems, `${at}.footer.text`, embed?.footer?.text, 2048);
    maxLength(problems, `${at}.author.name`, embed?.author?.name, 256);
    const fields: Json[] = embed?.fields ?? [];
    if (fields.length > 25) problems.push([`${at}.fields`, 'Must be 25 or fewer in length.']);
    fields.forEach((field, j) => {
      maxLength(problems, `${at}.fields.${j}.name`, field?.name, 256);
      maxLength(problems, `${at}.fields.${j}.value`, field?.value, 1024);
      total += (field?.name?.length ?? 0) + (field?.value?.length ?? 0);
    });
    total += (embed?.title?.length ?? 0) + (embed?.description?.length ?? 0);
    total += (embed?.footer?.text?.length ?? 0) + (embed?.author?.name?.length ?? 0);
  });
  if (total > 6000) problems.push(['embeds', 'Embed size exceeds maximum size of 6000']);
}

function checkComponents(problems: Problems, rows: Json[]): void {
  const seen = new Set<string>();
  if (rows.length > 5) problems.push(['components', 'Must be 5 or fewer in length.']);
  rows.forEach((row, i) => {
    const children: Json[] = row?.components ?? [];
    const selects = children.filter((c) => c?.type >= 3 && c?.type <= 8 && c?.type !== 4).length;
    if (children.length > 5 || (selects > 0 && children.length > 1)) {
      problems.push([`components.${i}.components`, 'A row holds 5 buttons or 1 select.']);
    }
    children.forEach((child, j) => {
      const at = `components.${i}.components.${j}`;
      maxLength(problems, `${at}.label`, child?.label, 80);
      // "URL for link-style buttons; max 512 characters" (developers/components/reference.mdx, "Button").
      maxLength(problems, `${at}.url`, child?.url, 512);
      const id = child?.custom_id;
      if (typeof id === 'string') {
        if (id.length === 0 || id.length > 100)
          problems.push([`${at}.custom_id`, 'Must be between 1 and 100 in length.']);
        if (seen.has(id)) problems.push([`${at}.custom_id`, 'Component custom id cannot be duplicated']);
        seen.add(id);
      }
    });
  });
}

export function toError(problems: Problems): FormError | null {
  if (problems.length === 0) return null;
  const errors: Record<string, unknown> = {};
  for (const [path, message] of problems) errors[path] = { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message }] };
  return { code: 50035, message: 'Invalid Form Body', errors };
}

export function checkMessageBody(body: Json): FormError | null {
  if (!body || typeof body !== 'object') return null;
  const problems: Problems = [];
  maxLength(problems, 'content', body.content, 2000);
  if (Array.isArray(body.embeds)) checkEmbeds(problems, body.embeds);
  if (Array.isArray(body.components)) checkComponents(problems, body.components);
  const users = body.allowed_mentions?.users;
  const roles = body.allowed_mentions?.roles;
  const parse: string[] = body.allowed_mentions?.parse ?? [];
  if (Array.isArray(users) && parse.includes('users'))
    problems.push(['allowed_mentions', 'parse users with a users list']);
  if (Array.isArray(roles) && parse.includes('roles'))
    problems.push(['allowed_mentions', 'parse roles with a roles list']);
  if ((users?.length ?? 0) > 100 || (roles?.length ?? 0) > 100) problems.push(['allowed_mentions', 'At most 100 ids.']);
  return toError(problems);
}

export function checkAutocompleteChoices(data: Json): FormError | null {
  const choices: Json[] = data?.choices ?? [];
  const problems: Problems = [];
  if (choices.length > 25) problems.push(['data.choices', 'Must be 25 or fewer in length.']);
  choices.forEach((choice, i) => {
    const name = String(choice?.name ?? '');
    if (name.length < 1 || name.length > 100)
      problems.push([`data.choices.${i}.name`, 'Must be between 1 and 100 in length.']);
    maxLength(problems, `data.choices.${i}.value`, choice?.value, 100);
  });
  return toError(problems);
}

export function isEmptyMessage(body: Json, fileCount: number): boolean {
  return (
    fileCount === 0 &&
    !body?.content &&
    !(body?.embeds?.length > 0) &&
    !(body?.components?.length > 0) &&
    !(body?.sticker_ids?.length > 0) &&
    !body?.poll
  );
}
