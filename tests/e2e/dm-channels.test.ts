import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/emulator/index.js';
import { sendToMembers } from '../../src/firesides/index.js';
import { type Harness, startHarness } from '../support/harness.js';

describe('DMs to members', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const send = (content: string) =>
    sendToMembers(harness.app.client, harness.app.deps, {
      guildId: IDS.guild,
      fallbackChannelId: IDS.announcements,
      userIds: [IDS.member],
      payload: { content },
    });
  const opens = () => harness.emulator.requests.filter((request) => request.path === '/users/@me/channels').length;

  it('open a member’s DM channel once and remember it across restarts', async () => {
    expect(await send('first')).toMatchObject({ dm: [IDS.member] });
    await harness.restart();
    expect(await send('second')).toMatchObject({ dm: [IDS.member] });
    expect(opens()).toBe(1);
    expect(harness.emulator.dmMessages(IDS.member).map((message) => message.content)).toEqual(['first', 'second']);
  });

  it('open the channel again when the remembered one is gone', async () => {
    harness.app.deps.firesides.dmChannels.set(IDS.member, '399999999999999999');
    const before = opens();
    expect(await send('third')).toMatchObject({ dm: [IDS.member] });
    expect(opens()).toBe(before + 1);
    expect(harness.app.deps.firesides.dmChannels.get(IDS.member)).not.toBe('399999999999999999');
    expect(harness.emulator.dmMessages(IDS.member).at(-1)?.content).toBe('third');
  });
});
