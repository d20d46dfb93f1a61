-- Custom SQL migration file, put your code below! --
-- Every change of the working-day calendar counts calendar_version up, whoever writes it, so a
-- process that caches the calendar knows when to load it again (activities/deadlines.ts). The same
-- rule as SQLite's triggers (db/migrations/0019_calendar_version_triggers.sql): one count per row
-- inserted, updated or deleted in calendar_overrides, calendar_years, calendar_holidays and
-- calendar_workdays.
INSERT INTO calendar_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION calendar_version_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_overrides_version AFTER INSERT OR UPDATE OR DELETE ON calendar_overrides
FOR EACH ROW EXECUTE FUNCTION calendar_version_count();
--> statement-breakpoint
CREATE TRIGGER calendar_years_version AFTER INSERT OR UPDATE OR DELETE ON calendar_years
FOR EACH ROW EXECUTE FUNCTION calendar_version_count();
--> statement-breakpoint
CREATE TRIGGER calendar_holidays_version AFTER INSERT OR UPDATE OR DELETE ON calendar_holidays
FOR EACH ROW EXECUTE FUNCTION calendar_version_count();
--> statement-breakpoint
CREATE TRIGGER calendar_workdays_version AFTER INSERT OR UPDATE OR DELETE ON calendar_workdays
FOR EACH ROW EXECUTE FUNCTION calendar_version_count();
