import type { Gateway } from './gateway.js';
import type { EmulatorState } from './state.js';
import type { RecordedRequest } from './types.js';

export interface RouteContext {
  req: RecordedRequest;
  params: Record<string, string>;
  state: EmulatorState;
  gateway: Gateway;
  /** http://127.0.0.1:PORT, for attachment URLs. */
  baseUrl: string;
  gatewayUrl: string;
  callbackDeadlineMs: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => Reply;

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const noContent: Reply = { status: 204 };
export const fail = (status: number, code: number, message: string, extra?: Record<string, unknown>): Reply => ({
  status,
  body: { message, code, ...extra },
});

export const ERRORS = {
  unknownChannel: () => fail(404, 10003, 'Unknown Channel'),
  unknownGuild: () => fail(404, 10004, 'Unknown Guild'),
  unknownMessage: () => fail(404, 10008, 'Unknown Message'),
  unknownUser: () => fail(404, 10013, 'Unknown User'),
  unknownMember: () => fail(404, 10007, 'Unknown Member'),
  unknownRole: () => fail(404, 10011, 'Unknown Role'),
  unknownWebhook: () => fail(404, 10015, 'Unknown Webhook'),
  invalidWebhookToken: () => fail(401, 50027, 'Invalid Webhook Token'),
  unknownInteraction: () => fail(404, 10062, 'Unknown interaction'),
  unknownEvent: () => fail(404, 10070, 'Unknown Guild Scheduled Event'),
  unknownCommand: () => fail(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => fail(400, 40060, 'Interaction has already been acknowledged.'),
  emptyMessage: () => fail(400, 50006, 'Cannot send an empty message'),
  missingAccess: () => fail(403, 50001, 'Missing Access'),
  missingPermissions: () => fail(403, 50013, 'Missing Permissions'),
  cannotDm: () => fail(403, 50007, 'Cannot send messages to this user'),
  notAuthor: () => fail(403, 50005, 'Cannot edit a message authored by another user'),
  invalidForm: (errors: Record<string, unknown>) => fail(400, 50035, 'Invalid Form Body', { errors }),
};

export function fieldError(field: string, message: string): Reply {
  return ERRORS.invalidForm({ [field]: { _errors: [{ code: 'BASE_TYPE_INVALID', message }] } });
}
