-- Custom SQL migration file, put your code below! --
-- Every change of the working-day calendar counts calendar_version up, whoever writes it (the API's
-- calendar routes, scripts, another process), so a process that caches the calendar knows when to
-- load it again (activities/deadlines.ts).
INSERT OR IGNORE INTO `calendar_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_overrides_version_insert` AFTER INSERT ON `calendar_overrides` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_overrides_version_update` AFTER UPDATE ON `calendar_overrides` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_overrides_version_delete` AFTER DELETE ON `calendar_overrides` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_years_version_insert` AFTER INSERT ON `calendar_years` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_years_version_update` AFTER UPDATE ON `calendar_years` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_years_version_delete` AFTER DELETE ON `calendar_years` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_holidays_version_insert` AFTER INSERT ON `calendar_holidays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_holidays_version_update` AFTER UPDATE ON `calendar_holidays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_holidays_version_delete` AFTER DELETE ON `calendar_holidays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_workdays_version_insert` AFTER INSERT ON `calendar_workdays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_workdays_version_update` AFTER UPDATE ON `calendar_workdays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `calendar_workdays_version_delete` AFTER DELETE ON `calendar_workdays` BEGIN
  UPDATE `calendar_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
