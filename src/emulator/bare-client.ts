import { Client, Events, GatewayIntentBits } from 'discord.js';

/**
 * A discord.js client that answers every command and button with a constant: the performance floor the
 * benchmarks compare the bot against (same library, same emulator, no work).
 */
export async function startBareClient(apiUrl: string, token = 'bare-client-token'): Promise<Client<true>> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) {
      interaction.reply({ content: 'ok', allowedMentions: { parse: [] } }).catch(() => {});
    } else if (interaction.isButton()) {
      interaction.update({ content: 'ok', allowedMentions: { parse: [] } }).catch(() => {});
    }
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  return ready;
}
