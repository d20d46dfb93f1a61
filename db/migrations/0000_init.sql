CREATE TABLE `case_steps` (
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
	PRIMARY KEY(`case_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `case_steps_subject` ON `case_steps` (`subject_id`,`action`);--> statement-breakpoint
CREATE TABLE `case_units` (
	`case_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`case_id`, `unit_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_units_unit` ON `case_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`tracking_code_hash` text NOT NULL,
	`external_id` text,
	`created_by` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text,
	`channel` text NOT NULL,
	`requester_kind` text NOT NULL,
	`requester_name` text NOT NULL,
	`requester_phone` text,
	`key_project` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`tier` text NOT NULL,
	`lead_unit_id` text NOT NULL,
	`assignee_id` text,
	`assignee_name` text,
	`assignee_role` text,
	`deadline_at` text,
	`deadline_provisional` integer DEFAULT false NOT NULL,
	`closed_tier` text,
	`rating` text,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_external` ON `cases` (`created_by`,`external_id`);--> statement-breakpoint
CREATE INDEX `cases_inbox` ON `cases` (`assignee_id`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `cases_status` ON `cases` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_lead` ON `cases` (`lead_unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_deadline` ON `cases` (`deadline_at`);--> statement-breakpoint
CREATE TABLE `deputy_sections` (
	`deputy_id` text NOT NULL,
	`section_id` text NOT NULL,
	PRIMARY KEY(`deputy_id`, `section_id`),
	FOREIGN KEY (`deputy_id`) REFERENCES `principals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `officer_events` (
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`officer_id` text NOT NULL,
	`unit_id` text,
	`tier` text,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`case_id`, `seq`, `officer_id`, `kind`)
);
--> statement-breakpoint
CREATE INDEX `officer_events_officer` ON `officer_events` (`officer_id`,`kind`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`case_id` text,
	`recipient_id` text NOT NULL,
	`recipient_kind` text NOT NULL,
	`template` text NOT NULL,
	`vars` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`channel` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `principals` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` text,
	`section_id` text,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `principals_unit_role` ON `principals` (`unit_id`,`role`);--> statement-breakpoint
CREATE TABLE `sections` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`hash` text PRIMARY KEY NOT NULL,
	`principal_id` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`principal_id`) REFERENCES `principals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`kind` text NOT NULL,
	`city_leader_id` text
);
--> statement-breakpoint
CREATE TABLE `windows` (
	`code` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
