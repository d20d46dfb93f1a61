DROP INDEX IF EXISTS `cases_inbox`;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cases_newest` ON `cases` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cases_inbox_open` ON `cases` (`assignee_id`,`deadline_at`,`status`,`id`);