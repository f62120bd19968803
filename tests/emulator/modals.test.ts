import { checkModal, type Json, modalSubmission } from '@healing-library/discord-emulator';
import { describe, expect, it } from 'vitest';

const textInLabel = (customId: string, extra: Json = {}) => ({
  type: 18,
  label: 'What did you find interesting?',
  component: { type: 4, custom_id: customId, style: 2, ...extra },
});

const modal = (components: Json[], extra: Json = {}) => ({
  custom_id: 'feedback',
  title: 'Feedback',
  components,
  ...extra,
});

/** The paths of a 50035 answer, or [] when the modal is accepted. */
const refused = (data: Json) => Object.keys(checkModal(data)?.errors ?? {});

describe('the modals the emulator accepts (components/reference.mdx, receiving-and-responding.mdx)', () => {
  it('accepts the docs’ own example: a text input in a Label', () => {
    expect(refused(modal([{ ...textInLabel('game_feedback'), description: 'As much detail as you can' }]))).toEqual([]);
  });

  it('refuses action rows of text inputs (deprecated) and components a modal cannot hold', () => {
    const row = { type: 1, components: [{ type: 4, custom_id: 'old', style: 1, label: 'Old style' }] };
    expect(refused(modal([row]))).toEqual(['data.components.0']);
    expect(refused(modal([{ type: 2, style: 1, custom_id: 'button', label: 'Click' }]))).toEqual([
      'data.components.0.type',
    ]);
    expect(refused(modal([{ type: 10, content: 'Plain words are fine' }, textInLabel('a')]))).toEqual([]);
  });

  it('refuses a text input that keeps its own label inside a Label', () => {
    expect(refused(modal([textInLabel('a', { label: 'Twice' })]))).toEqual(['data.components.0.component.label']);
  });

  it('holds Labels to 45 characters of label, 100 of description and one allowed component', () => {
    const long = { ...textInLabel('a'), label: 'x'.repeat(46), description: 'y'.repeat(101) };
    expect(refused(modal([long]))).toEqual(['data.components.0.label', 'data.components.0.description']);
    const button = { type: 18, label: 'A button', component: { type: 2, style: 1, custom_id: 'b', label: 'B' } };
    expect(refused(modal([button]))).toEqual(['data.components.0.component']);
  });

  it('takes 1 to 5 components with unique custom ids of 1 to 100 characters, and a title of at most 45', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => textInLabel(id));
    expect(refused(modal(six))).toEqual(['data.components']);
    expect(refused(modal([]))).toEqual(['data.components']);
    expect(refused(modal([textInLabel('a'), textInLabel('a')]))).toEqual(['data.components.1.component.custom_id']);
    expect(refused(modal([textInLabel('x'.repeat(101))]))).toEqual(['data.components.0.component.custom_id']);
    expect(refused(modal([textInLabel('a')], { title: 'x'.repeat(46), custom_id: '' }))).toEqual([
      'data.custom_id',
      'data.title',
    ]);
  });

  it('refuses a disabled select, and min_values 0 on a required one', () => {
    const select = (extra: Json) => ({
      type: 18,
      label: 'Pick',
      component: { type: 3, custom_id: 's', options: [{ label: 'One', value: '1' }], ...extra },
    });
    expect(refused(modal([select({ disabled: false })]))).toEqual(['data.components.0.component.disabled']);
    expect(refused(modal([select({ min_values: 0 })]))).toEqual(['data.components.0.component.min_values']);
    expect(refused(modal([select({ min_values: 0, required: false })]))).toEqual([]);
  });
});

describe('what a member’s answers come back as (MODAL_SUBMIT data)', () => {
  const form = {
    custom_id: 'form',
    title: 'Form',
    components: [
      { type: 10, content: 'Say as much as you like.' },
      textInLabel('text', { required: false }),
      {
        type: 18,
        label: 'Favourite bug',
        component: {
          type: 3,
          custom_id: 'bug',
          options: [
            { label: 'Ant', value: 'ant' },
            { label: 'Butterfly', value: 'butterfly', default: true },
          ],
        },
      },
      { type: 18, label: 'Like me?', component: { type: 23, custom_id: 'like' } },
    ],
  };

  it('wraps each answer in its Label with sequential ids, as the docs show', () => {
    expect(modalSubmission(form, { text: 'Shadows need help', bug: ['ant'], like: true })).toEqual([
      { type: 10, id: 1 },
      { type: 18, id: 2, component: { type: 4, id: 3, custom_id: 'text', value: 'Shadows need help' } },
      { type: 18, id: 4, component: { type: 3, id: 5, custom_id: 'bug', values: ['ant'] } },
      { type: 18, id: 6, component: { type: 23, id: 7, custom_id: 'like', value: true } },
    ]);
  });

  it('sends what the form opened with for fields the member left alone', () => {
    const components = modalSubmission(form, {});
    expect(components.map((c) => c.component?.value ?? c.component?.values)).toEqual([
      undefined,
      '',
      ['butterfly'],
      false,
    ]);
  });

  it('refuses answers the member’s client would not let through', () => {
    expect(() => modalSubmission(form, { nothing: 'x' })).toThrow(/has no component "nothing"/);
    expect(() => modalSubmission(form, { bug: ['moth'] })).toThrow(/not one of its options/);
    expect(() => modalSubmission(form, { bug: [] })).toThrow(/pick between 1 and 1/);
    expect(() => modalSubmission(form, { like: 'yes' })).toThrow(/true or false/);
    expect(() => modalSubmission(modal([textInLabel('needed')]), {})).toThrow(/required/);
  });
});
