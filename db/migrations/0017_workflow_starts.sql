CREATE TABLE `workflow_starts` (
	`subject_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_failed_at` text,
	`last_failed_at` text,
	`error_code` text,
	`error_detail` text
);
--> statement-breakpoint
CREATE INDEX `workflow_starts_status` ON `workflow_starts` (`status`,`created_at`);