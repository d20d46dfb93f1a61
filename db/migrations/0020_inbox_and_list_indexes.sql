DROP INDEX `cases_inbox`;--> statement-breakpoint
CREATE INDEX `cases_newest` ON `cases` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `cases_inbox_open` ON `cases` (`assignee_id`,`deadline_at`,`status`,`id`);