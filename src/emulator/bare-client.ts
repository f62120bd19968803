import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

export interface BareClientOptions {
  /** Also send an ephemeral follow-up after answering a button, as the bot does for an RSVP click. */
  followUpClicks?: boolean;
}

const NONE = { parse: [] };

/**
 * A discord.js client that answers every command and button with a constant: the performance floor the
 * benchmarks compare the bot against (same library, same emulator, the same Discord calls, no work).
 */
export async function startBareClient(apiUrl: string, options: BareClientOptions = {}): Promise<Client<true>> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: 'ok', allowedMentions: NONE });
      } else if (interaction.isButton()) {
        await interaction.update({ content: 'ok', allowedMentions: NONE });
        if (options.followUpClicks) {
          await interaction.followUp({ content: 'ok', flags: MessageFlags.Ephemeral, allowedMentions: NONE });
        }
      }
    } catch {
      // The floor measures answers; a failure shows up as a missing callback in the benchmark.
    }
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login('bare-client-token');
  return ready;
}
