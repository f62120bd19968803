import { IDS } from '@healing-library/discord-emulator';
import {
  Client,
  Events,
  GatewayIntentBits,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
} from 'discord.js';
import { built } from './built.js';

/** What the floor answers with; by default a constant `ok`. Constants of the bot's own size isolate payload costs. */
export interface BareClientOptions {
  /** The answer to every command. */
  commandReply?: InteractionReplyOptions;
  /** The update that answers every button click (callback type 7). */
  clickUpdate?: InteractionUpdateOptions;
  /** A follow-up sent after each click's update, as the bot does for an RSVP. */
  clickFollowUp?: InteractionReplyOptions;
  /** The emulator's application id, which names the interaction webhooks (default: the fixtures'). */
  applicationId?: string;
}

const OK = { content: 'ok', allowedMentions: { parse: [] } };

/**
 * A discord.js client that answers every command and button with a constant: the performance floor the
 * benchmarks compare the bot against (same library, same emulator, no work of its own).
 */
export async function startBareClient(apiUrl: string, options: BareClientOptions = {}): Promise<Client<true>> {
  const { useDiscordRest } = await built<typeof import('../src/discord/rest.js')>('src/discord/rest.js');
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  // The same REST manager as the bot's, so that both send follow-ups at the pace Discord allows.
  useDiscordRest(client, options.applicationId ?? IDS.application);
  client.on(Events.InteractionCreate, async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) {
        await interaction.reply(options.commandReply ?? OK);
      } else if (interaction.isButton()) {
        await interaction.update(options.clickUpdate ?? OK);
        if (options.clickFollowUp) await interaction.followUp(options.clickFollowUp);
      }
    } catch {
      // The floor measures answers; a failure shows up as a missing callback in the benchmark.
    }
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('bare-client-token');
  return ready;
}
