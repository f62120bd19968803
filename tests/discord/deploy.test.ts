import { type Emulator, IDS, startEmulator } from '@healing-library/discord-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { configSchema } from '../../src/core/config.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createOpenApiValidator } from '../support/openapi-validator.js';

/** Discord's limits on a command: 25 options, 8,000 characters across names, descriptions and choices. */
function commandSize(option: { name: string; description?: string; options?: unknown[]; choices?: unknown[] }): number {
  const own = option.name.length + (option.description?.length ?? 0);
  const choices = (option.choices ?? []).reduce<number>(
    (sum, choice) =>
      sum +
      String((choice as { name: string; value: unknown }).name).length +
      String((choice as { value: unknown }).value).length,
    0,
  );
  const children = (option.options ?? []).reduce<number>((sum, child) => sum + commandSize(child as typeof option), 0);
  return own + choices + children;
}

function eachOption(options: readonly unknown[] | undefined, visit: (option: Record<string, unknown>) => void): void {
  for (const option of options ?? []) {
    visit(option as Record<string, unknown>);
    eachOption((option as { options?: unknown[] }).options, visit);
  }
}

describe('command definitions', () => {
  it('have unique names and stay within Discord’s limits', () => {
    const names = commands.map((command) => command.data.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['modality', 'library']));
    for (const command of commands) {
      expect(commandSize(command.data), command.data.name).toBeLessThanOrEqual(8_000);
      expect(command.data.options?.length ?? 0).toBeLessThanOrEqual(25);
      eachOption([command.data], (option) => {
        expect(option.name, JSON.stringify(option)).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(String(option.description).length, String(option.name)).toBeGreaterThan(0);
        expect(String(option.description).length, String(option.name)).toBeLessThanOrEqual(100);
        expect((option.options as unknown[] | undefined)?.length ?? 0).toBeLessThanOrEqual(25);
        expect((option.choices as unknown[] | undefined)?.length ?? 0).toBeLessThanOrEqual(25);
      });
    }
  });
});

describe('npm run deploy-commands', () => {
  let emulator: Emulator;
  const errors: string[] = [];
  beforeAll(async () => {
    const validator = await createOpenApiValidator();
    emulator = await startEmulator({
      onRequest: (request) => {
        errors.push(...(validator?.validateRequest(request) ?? []));
      },
    });
  });
  afterAll(() => emulator?.close());

  const config = (guild?: string) =>
    configSchema.parse({
      DISCORD_TOKEN: 'deploy-token',
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: emulator.apiUrl,
      ...(guild ? { DISCORD_GUILD_ID: guild } : {}),
    });

  it('registers every command with one bulk PUT to the guild, or globally', async () => {
    expect(await deployCommands(config(IDS.guild), commands)).toBe(commands.length);
    expect(await deployCommands(config(), commands)).toBe(commands.length);
    const puts = emulator.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.path)).toEqual([
      `/applications/${IDS.application}/guilds/${IDS.guild}/commands`,
      `/applications/${IDS.application}/commands`,
    ]);
    expect(((puts[0]?.body ?? []) as { name: string }[]).map((command) => command.name)).toEqual(
      commands.map((command) => command.data.name),
    );
    expect(errors).toEqual([]);
  });
});
