      -- However a batch ends (sent, skipped because its discussion was cancelled or is over, failed), it owes nothing
      -- more: a re-armed reminder or a later /remind starts afresh. The keys are those workBatch() and manualBatch()
      -- build in src/scheduler/mentions-owed.ts.
      CREATE TRIGGER work_ended_owed AFTER UPDATE OF state ON scheduled_work
        WHEN new.state IN ('sent', 'skipped', 'failed') BEGIN
        DELETE FROM mentions_owed
          WHERE batch = 'work:' || new.discussion_id || ':' || new.kind || ':' || new.offset_minutes;
      END;
      CREATE TRIGGER manual_ended_owed AFTER UPDATE OF state ON manual_reminders WHEN new.state != 'running' BEGIN
        DELETE FROM mentions_owed WHERE batch = 'manual:' || new.id;
      END;
      -- Debts of batches that ended skipped before this trigger existed.
      DELETE FROM mentions_owed WHERE batch NOT IN (
        SELECT 'work:' || discussion_id || ':' || kind || ':' || offset_minutes FROM scheduled_work
          WHERE state IN ('pending', 'claimed')
        UNION ALL
        SELECT 'manual:' || id FROM manual_reminders WHERE state = 'running'
      );
