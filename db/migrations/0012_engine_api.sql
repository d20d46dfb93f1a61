CREATE TABLE `async_decisions` (
	`case_id` text NOT NULL,
	`request_key` text NOT NULL,
	`request_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`body_hash` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`case_id`, `request_key`)
);
--> statement-breakpoint
CREATE INDEX `async_decisions_case_at` ON `async_decisions` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_start_attempts` (
	`case_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`first_failed_at` text NOT NULL,
	`last_failed_at` text NOT NULL,
	`error_code` text NOT NULL,
	`error_detail` text NOT NULL
);
