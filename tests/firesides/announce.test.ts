import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { cannotPostText, MissingPermissionsError } from '../../src/firesides/announce.js';

describe('MissingPermissionsError', () => {
  it('carries the channel and the permissions; its message is for the moderator who was scheduling', () => {
    const error = new MissingPermissionsError('300000000000000002', ['Send Messages', 'Embed Links']);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ channelId: '300000000000000002', missing: ['Send Messages', 'Embed Links'] });
    expect(error.message).toBe(
      'I cannot post in <#300000000000000002>: I am missing **Send Messages**, **Embed Links** there. Ask an admin to allow them for my role, or pick another channel. Nothing was scheduled.',
    );
    expect(cannotPostText('1', ['View Channel'])).toBe(
      'I cannot post in <#1>: I am missing **View Channel** there. Ask an admin to allow it for my role, or pick another channel.',
    );
  });
});
