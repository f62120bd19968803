      -- A reminder that moves while it is pending again after a crash (its discussion moved while it was being
      -- sent) is a reminder for the new time: members reached for the old time are reached again, as on a re-arm.
      CREATE TRIGGER work_moved AFTER UPDATE OF due_at ON scheduled_work WHEN new.due_at != old.due_at BEGIN
        DELETE FROM work_recipients WHERE discussion_id = new.discussion_id AND kind = new.kind
          AND offset_minutes = new.offset_minutes;
      END;
