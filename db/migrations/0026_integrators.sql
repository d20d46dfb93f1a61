CREATE TABLE `categories` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`default_unit_id` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`default_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `event_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `integration_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text,
	`type` text NOT NULL,
	`subject` text NOT NULL,
	`case_id` text,
	`complaint_id` text,
	`time` text NOT NULL,
	`data` text NOT NULL,
	`owner_id` text,
	`filed_by` text,
	`unit_id` text,
	`category` text,
	`external_id` text,
	`workflow_id` text,
	`job_no` integer,
	`step_seq` integer,
	`source_key` text,
	`status` text NOT NULL,
	`seq` integer,
	`feed_pos` integer,
	`created_at` text NOT NULL,
	`released_at` text,
	`superseded_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integration_events_event_id` ON `integration_events` (`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `integration_events_stream` ON `integration_events` (`subject`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `integration_events_feed` ON `integration_events` (`feed_pos`);--> statement-breakpoint
CREATE UNIQUE INDEX `integration_events_source` ON `integration_events` (`source_key`);--> statement-breakpoint
CREATE INDEX `integration_events_unconfirmed` ON `integration_events` (`status`,`workflow_id`,`job_no`);--> statement-breakpoint
CREATE TABLE `integrator_grants` (
	`principal_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` text NOT NULL,
	PRIMARY KEY(`principal_id`, `kind`, `value`),
	FOREIGN KEY (`principal_id`) REFERENCES `principals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`description` text NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_until` text,
	`status` text NOT NULL,
	`disabled_reason` text,
	`disabled_at` text,
	`fanned_pos` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `principals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_owner` ON `subscriptions` (`owner_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_status` ON `subscriptions` (`status`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`event_row_id` integer NOT NULL,
	`subject` text NOT NULL,
	`seq` integer NOT NULL,
	`feed_pos` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt_at` text,
	`last_attempt_at` text,
	`next_attempt_at` text NOT NULL,
	`last_status` integer,
	`last_error` text,
	`claimed_by` text,
	`claimed_at` text,
	`delivered_at` text,
	`failed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_once` ON `webhook_deliveries` (`subscription_id`,`event_row_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`subscription_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_stream` ON `webhook_deliveries` (`subscription_id`,`subject`,`seq`);