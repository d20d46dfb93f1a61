CREATE TABLE `store_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workflow_id` text NOT NULL,
	`job_no` integer NOT NULL,
	`run_id` text NOT NULL,
	`event_id` text NOT NULL,
	`at` text NOT NULL,
	`answers` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`created_at` text NOT NULL,
	`confirmed_at` text,
	`superseded_at` text,
	`superseded_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_jobs_live` ON `store_jobs` (`workflow_id`,`job_no`) WHERE superseded_at IS NULL;--> statement-breakpoint
CREATE INDEX `store_jobs_unconfirmed` ON `store_jobs` (`confirmed_at`,`superseded_at`,`workflow_id`);--> statement-breakpoint
CREATE TABLE `store_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `superseded_officer_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`officer_id` text NOT NULL,
	`unit_id` text,
	`tier` text,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`superseded_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `superseded_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`tier` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`note` text,
	`subject_id` text,
	`deadline_at` text,
	`data` text,
	`element_id` text,
	`officer_events` text,
	`superseded_at` text NOT NULL,
	`reason` text NOT NULL,
	`by_run_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `superseded_steps_case` ON `superseded_steps` (`case_id`,`seq`);--> statement-breakpoint
CREATE TABLE `workflow_copies` (
	`workflow_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`case_id` text NOT NULL,
	`run_id` text NOT NULL,
	`job_no` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`updated_at` text NOT NULL,
	`halted_status` text,
	`halted_at` text
);
--> statement-breakpoint
CREATE INDEX `workflow_copies_case` ON `workflow_copies` (`case_id`);--> statement-breakpoint
ALTER TABLE `case_steps` ADD `officer_events` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `halted_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `halted_reason` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `workflow_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `job_no` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `superseded_at` text;--> statement-breakpoint
CREATE INDEX `outbox_unconfirmed` ON `outbox` (`status`,`workflow_id`,`job_no`);