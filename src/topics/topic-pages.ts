import { createChangeStamp } from '../db/change-stamp.js';
import type { Db } from '../db/open.js';
import { type Library, type ModalityMessage, modalityParts, type PageInfo, type SectionKey } from '../library/index.js';
import type { TopicDiscussions } from './topic-discussions.js';
import { explorePages, SHOWN_DISCUSSIONS, topicPageMessage } from './views/page.js';

/** Every section of the pages being read in a few servers; beyond it the oldest kept message goes. */
const KEPT_MAX = 500;

interface Kept {
  message: ModalityMessage;
  libraryVersion: number;
  stamp: string;
  /** The time it was built for: a clock that goes back reads again. */
  from: number;
  /** When the first of the discussions it shows ends, or the next one starts: the list or its buttons change. */
  until: number;
}

/**
 * A page's message as a server sees it, kept until something it shows may have changed: the library serves new
 * content (its version), the database was written by anyone (its change stamp: a discussion announced, edited or
 * cancelled, an RSVP), a discussion it lists ends, or the next one starts (none can join the list by time alone). Building one reads the
 * discussions from SQLite, the excerpt and the explore menu; under load that cost about a quarter of an answer's
 * time, where a kept one costs the stamp. Nothing is lost with it on a restart: it only repeats the database and the
 * content.
 */
export function createTopicPages(db: Db, library: Library, topicDiscussions: TopicDiscussions) {
  const stamp = createChangeStamp(db);
  const kept = new Map<string, Kept>();
  return {
    /** The page at a section, with this server's discussions on it and the other pages to explore. */
    message(guildId: string, page: PageInfo, section: SectionKey, now: number): ModalityMessage {
      const key = `${guildId}:${page.slug}:${section}`;
      const current = stamp();
      const hit = kept.get(key);
      if (hit && hit.libraryVersion === library.version && hit.stamp === current && now >= hit.from && now < hit.until)
        return hit.message;
      const libraryVersion = library.version;
      const discussions = topicDiscussions.upcoming(guildId, page.slug, now, SHOWN_DISCUSSIONS);
      const others = explorePages(library.pages, page);
      // One not started yet, as the interest button's answer decides (listed, unless three under way come first).
      const next =
        discussions.find((discussion) => discussion.startsAt > now) ??
        (discussions.length >= SHOWN_DISCUSSIONS ? topicDiscussions.ahead(guildId, page.slug, now) : undefined);
      const parts = modalityParts(library, page, section);
      const message = topicPageMessage(parts, page, discussions, others, next !== undefined);
      kept.delete(key);
      if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value as string);
      // Until a listed discussion ends, or the next one starts (the interest button may then be offered).
      const until = Math.min(...discussions.map((discussion) => discussion.endsAt), next?.startsAt ?? Infinity);
      kept.set(key, { message, libraryVersion, stamp: current, from: now, until });
      return message;
    },
  };
}

export type TopicPages = ReturnType<typeof createTopicPages>;
