import type { Db } from '../db/open.js';
import { type LinkFor, offsetsFromJson, offsetsToJson } from '../firesides/index.js';

export interface Series {
  id: number;
  guildId: string;
  title: string;
  description: string | null;
  cron: string;
  timezone: string;
  announceBeforeMinutes: number;
  durationMinutes: number;
  facilitatorId: string | null;
  locationChannelId: string | null;
  link: string | null;
  /** Copied onto each occurrence, as its link is. */
  linkFor: LinkFor;
  capacity: number | null;
  /** Where occurrences are announced; null = the server's announcement channel at the time. */
  channelId: string | null;
  /** Reminder offsets in minutes copied onto each occurrence; null = the server's. */
  reminders: number[] | null;
  /** The library page each occurrence is about, with its title as chosen (see Discussion). */
  topicSlug: string | null;
  topicTitle: string | null;
  paused: boolean;
  createdBy: string;
  createdAt: number;
}

export type NewSeries = Omit<Series, 'id' | 'paused' | 'topicSlug' | 'topicTitle' | 'linkFor'> &
  Partial<Pick<Series, 'topicSlug' | 'topicTitle' | 'linkFor'>>;

/** What /fireside series edit may change. */
export type SeriesPatch = Partial<Omit<NewSeries, 'guildId' | 'createdBy' | 'createdAt'>>;

interface SeriesRow {
  id: number;
  guild_id: string;
  title: string;
  description: string | null;
  cron: string;
  timezone: string;
  announce_before_minutes: number;
  duration_minutes: number;
  facilitator_id: string | null;
  location_channel_id: string | null;
  link: string | null;
  link_for: LinkFor;
  capacity: number | null;
  channel_id: string | null;
  reminders: string | null;
  topic_slug: string | null;
  topic_title: string | null;
  paused: number;
  created_by: string;
  created_at: number;
}

const toSeries = (row: SeriesRow): Series => ({
  id: row.id,
  guildId: row.guild_id,
  title: row.title,
  description: row.description,
  cron: row.cron,
  timezone: row.timezone,
  announceBeforeMinutes: row.announce_before_minutes,
  durationMinutes: row.duration_minutes,
  facilitatorId: row.facilitator_id,
  locationChannelId: row.location_channel_id,
  link: row.link,
  linkFor: row.link_for,
  capacity: row.capacity,
  channelId: row.channel_id,
  reminders: offsetsFromJson(row.reminders),
  topicSlug: row.topic_slug,
  topicTitle: row.topic_title,
  paused: row.paused === 1,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export type SeriesStore = ReturnType<typeof createSeriesStore>;

export function createSeriesStore(db: Db) {
  const insert = db.prepare<Record<string, unknown>, SeriesRow>(`
    INSERT INTO series (guild_id, title, description, cron, timezone, announce_before_minutes, duration_minutes,
      facilitator_id, location_channel_id, link, link_for, capacity, channel_id, reminders, topic_slug, topic_title,
      created_by, created_at)
    VALUES (@guildId, @title, @description, @cron, @timezone, @announceBeforeMinutes, @durationMinutes,
      @facilitatorId, @locationChannelId, @link, @linkFor, @capacity, @channelId, @reminders, @topicSlug, @topicTitle,
      @createdBy, @createdAt)
    RETURNING *`);
  const byId = db.prepare<[number], SeriesRow>('SELECT * FROM series WHERE id = ?');
  const inGuild = db.prepare<[string, number], SeriesRow>('SELECT * FROM series WHERE guild_id = ? AND id = ?');
  const byGuild = db.prepare<[string], SeriesRow>('SELECT * FROM series WHERE guild_id = ? ORDER BY title, id');
  const active = db.prepare<[], SeriesRow>('SELECT * FROM series WHERE paused = 0 ORDER BY id');
  const setPaused = db.prepare<{ id: number; paused: number }>('UPDATE series SET paused = @paused WHERE id = @id');
  const remove = db.prepare<[number]>('DELETE FROM series WHERE id = ?');
  const update = db.prepare<Record<string, unknown>, SeriesRow>(`
    UPDATE series SET title = @title, description = @description, cron = @cron, timezone = @timezone,
      announce_before_minutes = @announceBeforeMinutes, duration_minutes = @durationMinutes,
      facilitator_id = @facilitatorId, location_channel_id = @locationChannelId, link = @link, link_for = @linkFor,
      capacity = @capacity, channel_id = @channelId, reminders = @reminders, topic_slug = @topicSlug,
      topic_title = @topicTitle
    WHERE id = @id RETURNING *`);

  return {
    create(input: NewSeries): Series {
      const row = insert.get({
        topicSlug: null,
        topicTitle: null,
        linkFor: 'everyone',
        ...input,
        reminders: offsetsToJson(input.reminders),
      });
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return toSeries(row);
    },
    get(id: number): Series | undefined {
      const row = byId.get(id);
      return row && toSeries(row);
    },
    /** Ids typed by members: a series of another server is as unknown as a missing one. */
    getInGuild(guildId: string, id: number): Series | undefined {
      const row = inGuild.get(guildId, id);
      return row && toSeries(row);
    },
    listByGuild(guildId: string): Series[] {
      return byGuild.all(guildId).map(toSeries);
    },
    listActive(): Series[] {
      return active.all().map(toSeries);
    },
    setPaused(id: number, paused: boolean): void {
      setPaused.run({ id, paused: paused ? 1 : 0 });
    },
    update(id: number, patch: SeriesPatch): Series {
      const current = byId.get(id);
      if (!current) throw new Error(`No series ${id}`);
      const next = { ...toSeries(current), ...patch };
      const row = update.get({ ...next, reminders: offsetsToJson(next.reminders) });
      if (!row) throw new Error(`No series ${id}`);
      return toSeries(row);
    },
    /** Occurrences keep existing as one-off discussions (series_id is set to NULL by the foreign key). */
    delete(id: number): void {
      remove.run(id);
    },
  };
}
