import { type FormError, maxLength, type Problems, toError } from './limits.js';
import type { Json, ModalAnswer } from './types.js';

/**
 * Modals as Discord documents them (discord-api-docs as of 6 August 2026): what a MODAL callback may hold, and the
 * MODAL_SUBMIT data a member's answers come back as. docs/emulator-rules.md ("Modals") lists each rule.
 */

export const TYPE = {
  ACTION_ROW: 1,
  STRING_SELECT: 3,
  TEXT_INPUT: 4,
  USER_SELECT: 5,
  ROLE_SELECT: 6,
  MENTIONABLE_SELECT: 7,
  CHANNEL_SELECT: 8,
  TEXT_DISPLAY: 10,
  LABEL: 18,
  FILE_UPLOAD: 19,
  RADIO_GROUP: 21,
  CHECKBOX_GROUP: 22,
  CHECKBOX: 23,
} as const;

/** components/reference.mdx, "Label Child Components". */
const IN_LABEL: readonly number[] = [
  TYPE.TEXT_INPUT,
  TYPE.STRING_SELECT,
  TYPE.USER_SELECT,
  TYPE.ROLE_SELECT,
  TYPE.MENTIONABLE_SELECT,
  TYPE.CHANNEL_SELECT,
  TYPE.FILE_UPLOAD,
  TYPE.RADIO_GROUP,
  TYPE.CHECKBOX_GROUP,
  TYPE.CHECKBOX,
];

/** The modal a member has in front of them, as the bot sent it, and where it was opened. */
export interface OpenModal {
  data: Json;
  userId: string;
  guildId?: string;
  channelId: string;
  /** The message whose component opened it: a MODAL_SUBMIT carries it again. */
  sourceMessageId?: string;
}

function lengthBetween(problems: Problems, path: string, value: unknown, min: number, max: number): void {
  const length = typeof value === 'string' ? value.length : 0;
  if (length < min || length > max) problems.push([path, `Must be between ${min} and ${max} in length.`]);
}

/** Select Option, Radio Group Option and Checkbox Group Option Structures: label and value 1–100, description 100. */
function checkOptions(problems: Problems, at: string, options: Json[], min: number, max: number): void {
  if (options.length < min || options.length > max)
    problems.push([`${at}.options`, `Must be between ${min} and ${max} in length.`]);
  options.forEach((option, i) => {
    lengthBetween(problems, `${at}.options.${i}.label`, option?.label, 1, 100);
    lengthBetween(problems, `${at}.options.${i}.value`, option?.value, 1, 100);
    maxLength(problems, `${at}.options.${i}.description`, option?.description, 100);
  });
}

/** "min_values must be either omitted or at least 1 if required is omitted or true" (String Select, Checkbox Group). */
function checkRequiredMin(problems: Problems, at: string, component: Json): void {
  if (component.required !== false && component.min_values !== undefined && component.min_values < 1)
    problems.push([`${at}.min_values`, 'Must be at least 1 when the component is required.']);
}

function checkLabelChild(problems: Problems, at: string, component: Json, seen: Set<string>): void {
  if (!component || !IN_LABEL.includes(component.type)) {
    problems.push([at, 'A Label holds one text input, select, file upload, radio group, checkbox group or checkbox.']);
    return;
  }
  // components/reference.mdx, "Anatomy of a Component › Custom ID": 1–100 characters, unique per component.
  lengthBetween(problems, `${at}.custom_id`, component.custom_id, 1, 100);
  if (seen.has(component.custom_id)) problems.push([`${at}.custom_id`, 'Component custom id cannot be duplicated']);
  seen.add(component.custom_id);
  switch (component.type) {
    case TYPE.TEXT_INPUT:
      // change-log.mdx, 25 August 2025: "When a Text Input is used in a Label component the `label` field on the
      // Text Input is not allowed in favor of `label` on the Label component".
      if (component.label !== undefined) problems.push([`${at}.label`, 'A text input in a Label has no label.']);
      // components/reference.mdx, "Text Input Structure".
      if (component.style !== 1 && component.style !== 2) problems.push([`${at}.style`, 'Must be 1 or 2.']);
      maxLength(problems, `${at}.value`, component.value, 4000);
      maxLength(problems, `${at}.placeholder`, component.placeholder, 100);
      break;
    case TYPE.STRING_SELECT:
      // components/reference.mdx, "String Select Structure": at most 25 options; "Using disabled in a modal will
      // result in an error".
      checkOptions(problems, at, component.options ?? [], 1, 25);
      checkRequiredMin(problems, at, component);
      if (component.disabled !== undefined)
        problems.push([`${at}.disabled`, 'Modals cannot have disabled components.']);
      break;
    case TYPE.RADIO_GROUP:
      // components/reference.mdx, "Radio Group Structure": options min 2, max 10.
      checkOptions(problems, at, component.options ?? [], 2, 10);
      break;
    case TYPE.CHECKBOX_GROUP:
      // components/reference.mdx, "Checkbox Group Structure": options min 1, max 10.
      checkOptions(problems, at, component.options ?? [], 1, 10);
      checkRequiredMin(problems, at, component);
      break;
  }
}

/**
 * A MODAL callback's data. interactions/receiving-and-responding.mdx, "Interaction Response Object › Modal":
 * custom_id 1–100, title at most 45, between 1 and 5 components (Discord's OpenAPI file allows 40; the docs win).
 */
export function checkModal(data: Json): FormError | null {
  const problems: Problems = [];
  lengthBetween(problems, 'data.custom_id', data?.custom_id, 1, 100);
  lengthBetween(problems, 'data.title', data?.title, 1, 45);
  const components: Json[] = Array.isArray(data?.components) ? data.components : [];
  if (components.length < 1 || components.length > 5)
    problems.push(['data.components', 'Must be between 1 and 5 in length.']);
  const seen = new Set<string>();
  components.forEach((component, i) => {
    const at = `data.components.${i}`;
    if (component?.type === TYPE.LABEL) {
      // components/reference.mdx, "Label Structure": label max 45, description max 100, one component.
      lengthBetween(problems, `${at}.label`, component.label, 1, 45);
      maxLength(problems, `${at}.description`, component.description, 100);
      checkLabelChild(problems, `${at}.component`, component.component, seen);
    } else if (component?.type === TYPE.ACTION_ROW) {
      // components/reference.mdx, "Action Row": "Action Row with Text Inputs in modals are now deprecated";
      // "Text Input": text inputs "must be placed inside a Label"; "String Select": selects go "in a Label in
      // modals". Discord may still accept the deprecated row; the emulator refuses it so the bot cannot rely on it.
      problems.push([at, 'Action rows in modals are deprecated: put the text input in a Label (type 18).']);
    } else if (component?.type !== TYPE.TEXT_DISPLAY) {
      // change-log.mdx, 10 September 2025: Text Display is a top-level component in modals, beside Label.
      problems.push([`${at}.type`, 'A modal holds Labels (18) and Text Displays (10).']);
    }
  });
  return toError(problems);
}

/**
 * Ids the member's client sends back: components/reference.mdx, "Anatomy of a Component": an `id` left empty (or 0)
 * "is generated sequentially", never reusing an id another component has.
 */
function idGenerator(components: Json[]): (given: unknown) => number {
  const taken = new Set<number>();
  for (const component of components) {
    for (const each of [component, component?.component]) if (each?.id) taken.add(each.id);
  }
  let next = 1;
  return (given) => {
    if (typeof given === 'number' && given > 0) return given;
    while (taken.has(next)) next += 1;
    taken.add(next);
    return next;
  };
}

function refuse(component: Json, why: string): never {
  throw new Error(`Emulator: the member cannot send "${component.custom_id}": ${why}`);
}

function defaults(component: Json): string[] {
  return (component.options ?? []).filter((o: Json) => o.default).map((o: Json) => o.value);
}

/** The picked values, checked as the member's client checks them before it lets the form be sent. */
function pickedValues(component: Json, answer: ModalAnswer | undefined, min: number, max: number): string[] {
  if (answer !== undefined && !Array.isArray(answer)) refuse(component, 'a select takes a list of values');
  const values = answer ?? defaults(component);
  const known = new Set((component.options ?? []).map((o: Json) => o.value));
  const unknown = values.find((value) => !known.has(value));
  if (unknown !== undefined) refuse(component, `"${unknown}" is not one of its options`);
  const least = component.required === false ? 0 : Math.max(min, 1);
  if (values.length < least || values.length > max) refuse(component, `pick between ${least} and ${max}`);
  return values;
}

/** components/reference.mdx, each component's "Interaction Response Structure". */
function answered(component: Json, answer: ModalAnswer | undefined, id: number): Json {
  const base = { type: component.type, id, custom_id: component.custom_id };
  switch (component.type) {
    case TYPE.TEXT_INPUT: {
      if (answer !== undefined && typeof answer !== 'string') refuse(component, 'a text input takes text');
      const value = answer ?? component.value ?? '';
      if (value === '' && component.required !== false) refuse(component, 'it is required');
      if (value !== '' && (value.length < (component.min_length ?? 0) || value.length > (component.max_length ?? 4000)))
        refuse(component, 'its length is outside min_length and max_length');
      return { ...base, value };
    }
    case TYPE.STRING_SELECT:
      return { ...base, values: pickedValues(component, answer, component.min_values ?? 1, component.max_values ?? 1) };
    case TYPE.CHECKBOX_GROUP: {
      const count = component.options?.length ?? 0;
      return {
        ...base,
        values: pickedValues(component, answer, component.min_values ?? 1, component.max_values ?? count),
      };
    }
    case TYPE.RADIO_GROUP: {
      if (answer !== undefined && answer !== null && typeof answer !== 'string') refuse(component, 'pick one value');
      const value = answer === undefined ? (defaults(component)[0] ?? null) : answer;
      const known = (component.options ?? []).map((o: Json) => o.value);
      if (value !== null && !known.includes(value)) refuse(component, `"${value}" is not one of its options`);
      if (value === null && component.required !== false) refuse(component, 'it is required');
      return { ...base, value };
    }
    case TYPE.CHECKBOX:
      if (answer !== undefined && typeof answer !== 'boolean') refuse(component, 'a checkbox is true or false');
      return { ...base, value: answer ?? component.default ?? false };
    default:
      // User, role, mentionable and channel selects and file uploads come with resolved objects: not emulated yet.
      return refuse(component, `component type ${component.type} is not emulated in modal submissions`);
  }
}

/**
 * The MODAL_SUBMIT data's components for a member's answers to an open modal (interactions/receiving-and-responding
 * .mdx, "Modal Submit Data Structure"; components/reference.mdx, "Label Interaction Response Structure": a Label
 * comes back as `{ type: 18, id, component }`, a Text Display as `{ type: 10, id }`). Throws when the answers name a
 * component the modal lacks or break a rule the member's client enforces.
 */
export function modalSubmission(modal: Json, answers: Record<string, ModalAnswer>): Json[] {
  const components: Json[] = modal.components ?? [];
  const inputs = components.map((c) => c.component).filter(Boolean);
  const stray = Object.keys(answers).find((key) => !inputs.some((input) => input.custom_id === key));
  if (stray !== undefined) throw new Error(`Emulator: modal "${modal.custom_id}" has no component "${stray}"`);
  const idFor = idGenerator(components);
  return components.map((component) => {
    const id = idFor(component.id);
    if (component.type !== TYPE.LABEL) return { type: component.type, id };
    const inner = component.component;
    return { type: TYPE.LABEL, id, component: answered(inner, answers[inner.custom_id], idFor(inner.id)) };
  });
}
