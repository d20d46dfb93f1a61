CREATE TABLE `directory_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`before` text,
	`after` text,
	`handed_over` text
);
--> statement-breakpoint
CREATE INDEX `directory_audit_subject` ON `directory_audit` (`subject_kind`,`subject_id`,`at`);--> statement-breakpoint
ALTER TABLE `tokens` ADD `expires_at` text;