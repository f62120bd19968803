import { ModalSubmitFields, ModalSubmitInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { readQuestionForm } from '../../src/firesides/question-form.js';

/** discord.js's own reading of MODAL_SUBMIT components, as the bot receives them (both helpers are untyped). */
const { transformComponent } = ModalSubmitInteraction as unknown as { transformComponent(raw: unknown): unknown };
function fieldsOf(components: unknown[]): ModalSubmitFields {
  const read = components.map((c) => transformComponent.call(ModalSubmitInteraction, c));
  return Reflect.construct(ModalSubmitFields, [read]) as ModalSubmitFields;
}

const question = (value: string) => ({
  type: 18,
  id: 1,
  component: { type: 4, id: 2, custom_id: 'question', value },
});
const showName = (value: boolean) => ({
  type: 18,
  id: 3,
  component: { type: 23, id: 4, custom_id: 'show_name', value },
});

describe('the question form', () => {
  it('keeps the name only when Show my name is ticked', () => {
    expect(readQuestionForm(fieldsOf([question(' Tea? '), showName(true)]))).toEqual({
      text: 'Tea?',
      anonymous: false,
    });
    expect(readQuestionForm(fieldsOf([question('Tea?'), showName(false)]))).toEqual({ text: 'Tea?', anonymous: true });
  });

  it('reads a form opened before the checkbox existed as anonymous, whatever its yes / no box said', () => {
    const old = (answer: string) => [
      { type: 1, id: 1, components: [{ type: 4, id: 2, custom_id: 'question', value: 'Tea?' }] },
      { type: 1, id: 3, components: [{ type: 4, id: 4, custom_id: 'anonymous', value: answer }] },
    ];
    for (const answer of ['no', 'non', '', 'yes']) {
      expect(readQuestionForm(fieldsOf(old(answer)))).toEqual({ text: 'Tea?', anonymous: true });
    }
  });

  it('refuses a blank question with a private note that says what to do', () => {
    expect(() => readQuestionForm(fieldsOf([question('   '), showName(true)]))).toThrow(/Click \*\*Ask a question\*\*/);
  });
});
