import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  type ModalSubmitFields,
  TextInputStyle,
} from 'discord.js';
import { UserError } from '../core/errors.js';
import { customId } from '../discord/custom-id.js';

export const QUESTION_MAX = 1_000;

/** Component custom ids inside the form; `show_name` is new, so a form opened before it reads as anonymous. */
const FIELD = { question: 'question', showName: 'show_name' } as const;

/**
 * The Ask a question form. Discord wants text inputs inside Labels (components/reference.mdx, "Text Input"), and a
 * checkbox is a real yes/no: left unticked, as it opens, the question is anonymous, since a question about plant
 * medicine must not carry a name its author meant to withhold.
 */
export function questionForm(discussionId: number): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId('question', discussionId),
    title: 'Ask a question',
    components: [
      {
        type: ComponentType.Label,
        label: 'Your question for the facilitator',
        description: 'Only moderators and the facilitator read it.',
        component: {
          type: ComponentType.TextInput,
          custom_id: FIELD.question,
          style: TextInputStyle.Paragraph,
          min_length: 1,
          max_length: QUESTION_MAX,
          required: true,
        },
      },
      {
        type: ComponentType.Label,
        label: 'Show my name with my question',
        description: 'Leave it unticked to ask anonymously.',
        component: { type: ComponentType.Checkbox, custom_id: FIELD.showName },
      },
    ],
  };
}

/**
 * The question and whether it is anonymous. A form opened before the checkbox existed (its free-text "yes / no"
 * answer is no longer read) counts as anonymous.
 */
export function readQuestionForm(fields: ModalSubmitFields): { text: string; anonymous: boolean } {
  const text = fields.getTextInputValue(FIELD.question).trim();
  if (!text) throw new UserError('Your question was empty. Click **Ask a question** again to write it.');
  if (text.length > QUESTION_MAX) throw new UserError(`Questions can be up to ${QUESTION_MAX} characters.`);
  const showName = fields.fields.get(FIELD.showName);
  return { text, anonymous: !(showName?.type === ComponentType.Checkbox && showName.value === true) };
}
