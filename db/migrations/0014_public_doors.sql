CREATE TABLE `complaint_contact_officers` (
	`complaint_id` text PRIMARY KEY NOT NULL,
	`officer_id` text NOT NULL,
	`designated_by` text NOT NULL,
	`designated_at` text NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `complaint_sms_digests` (
	`key` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`send_at` text NOT NULL,
	`complaint_ids` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `complaint_sms_digests_unit` ON `complaint_sms_digests` (`unit_id`,`send_at`);--> statement-breakpoint
CREATE TABLE `pending_complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key_hash` text,
	`body_hash` text NOT NULL,
	`window_code` text,
	`unit_id` text NOT NULL,
	`case_id` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`content` text NOT NULL,
	`filed_by` text,
	`created_at` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_complaints_idempotency` ON `pending_complaints` (`idempotency_key_hash`);--> statement-breakpoint
CREATE INDEX `pending_complaints_expiry` ON `pending_complaints` (`expires_at`);--> statement-breakpoint
CREATE TABLE `rate_counters` (
	`bucket` text NOT NULL,
	`window_start` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`bucket`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `rate_counters_expiry` ON `rate_counters` (`expires_at`);