import { type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { DiscordRest } from '../discord/rest.js';
import { dmMember, type FiresideDeps, type MemberPayload } from '../firesides/index.js';
import type { InterestStore } from './interest-store.js';
import { interestDmPayload } from './views/interest-dm.js';

/** Members read and told per step: the unit of the log's counts. */
const BATCH = 50;
/**
 * Members DMed per tick by default. DM channels open at Discord's unpublished pace (about 10 a second, one a second
 * when invalid requests pile up), and the tick's due reminders wait behind this: the rest keep their interest rows
 * and are told at the next ticks.
 */
export const INTEREST_DMS_PER_TICK = 25;

/** What telling interested members uses; the scheduler's deps are one. */
export interface InterestDmDeps extends Pick<FiresideDeps, 'logger' | 'firesides' | 'now'> {
  readonly interest: InterestStore;
}

export interface InterestDmReport {
  sent: number;
  /** DMs closed (50007): skipped, their interest gone all the same, and never mentioned anywhere instead. */
  closed: number;
  failed: number;
}

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : undefined);

/** What came of one member's DM; `refused`: Discord kept refusing to open it (40003), nothing was sent. */
type Outcome = keyof InterestDmReport | 'refused';

/**
 * Tells each member waiting on a page that now has an announced discussion ahead: one DM naming the nearest, then
 * their interest in that page is done. Each member's interest is marked taken in its own commit just before their DM
 * and deleted after it, so a crash loses at most the DM in flight and nothing is ever sent twice. Interest in a health topic is private:
 * closed DMs are counted, never turned into a mention. `goOn` is asked before each member (the lease still held,
 * the bot not stopping); at most `budget` members are DMed per call, and the next call goes on with the rest.
 */
export async function tellInterestedMembers(
  client: Client,
  deps: InterestDmDeps,
  goOn: () => boolean,
  budget = INTEREST_DMS_PER_TICK,
): Promise<InterestDmReport> {
  const total: InterestDmReport = { sent: 0, closed: 0, failed: 0 };
  const log = deps.logger.child({ component: 'topic-interest' });
  let slowedLogged = false;
  let tried = 0;
  const startedAt = deps.now().getTime();
  /** One member's DM, their interest taken already. */
  const tell = async (guildId: string, userId: string, payload: MemberPayload): Promise<Outcome> => {
    // Refused lately (50007): another try is one more 403 toward Discord's invalid-request limit.
    if (deps.firesides.dmChannels.isClosed(userId, deps.now().getTime())) return 'closed';
    tried++;
    try {
      if (client.rest instanceof DiscordRest) {
        const invalid = await client.rest.invalidRequests.slowTurn();
        if (invalid && !slowedLogged) {
          slowedLogged = true;
          log.warn({ invalidRequests: invalid }, 'many invalid requests lately: interest DMs go one a second');
        }
      }
      await dmMember(client, deps, userId, payload);
      return 'sent';
    } catch (error) {
      const code = codeOf(error);
      if (code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'closed';
      if (code === RESTJSONErrorCodes.OpeningDirectMessagesTooFast) return 'refused';
      // Anything else may have reached Discord (a 5xx) or will fail again (the member is gone): not retried.
      // Neither the member nor the page is named: together they would tell the logs of a health interest.
      log.warn(
        { guildId, code, status: error instanceof DiscordAPIError ? error.status : undefined },
        `could not DM a member about a discussion on a page they asked for; not retried: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
      );
      return 'failed';
    }
  };
  for (const topic of deps.interest.awaited(deps.now().getTime())) {
    const discussion = deps.firesides.discussions.get(topic.discussionId);
    if (!discussion) continue;
    // Another shard's server is not in this process's cache: its name is asked of Discord, once per page.
    const server =
      client.guilds.cache.get(topic.guildId)?.name ??
      (await client.guilds.fetch({ guild: topic.guildId, cache: false }).then(
        (guild) => guild.name,
        () => undefined,
      ));
    const payload = interestDmPayload(discussion, topic.topicTitle, server);
    const context = { guildId: topic.guildId, slug: topic.slug, discussionId: discussion.id };
    for (;;) {
      // Members taken are no longer read as waiting, so each read is the next batch.
      const userIds = deps.interest.members(topic.guildId, topic.slug, BATCH, startedAt);
      if (userIds.length === 0) break;
      const batch: InterestDmReport = { sent: 0, closed: 0, failed: 0 };
      let stop = false;
      for (const userId of userIds) {
        if (!goOn() || tried >= budget) {
          stop = true;
          break;
        }
        if (!deps.interest.take(topic.guildId, topic.slug, userId, deps.now().getTime())) continue;
        const outcome = await tell(topic.guildId, userId, payload);
        if (outcome === 'refused') {
          // Refused again and again before any message went out: nothing can be duplicated, so the member keeps
          // their interest (unless /privacy forget erased it meanwhile) and a later tick tries; the rest wait with them.
          deps.interest.restore(topic.guildId, topic.slug, userId);
          log.warn(context, 'Discord keeps refusing to open DMs; the members left are told at a later tick');
          stop = true;
          break;
        }
        // Done with: the interest goes. A crash before this leaves it taken, and the retention sweep deletes it.
        deps.interest.finish(topic.guildId, topic.slug, userId);
        batch[outcome]++;
      }
      if (batch.sent + batch.closed + batch.failed > 0) {
        log.info({ ...context, ...batch }, 'members who asked for a discussion on this page were told of one');
      }
      total.sent += batch.sent;
      total.closed += batch.closed;
      total.failed += batch.failed;
      if (stop) return total;
    }
  }
  return total;
}
