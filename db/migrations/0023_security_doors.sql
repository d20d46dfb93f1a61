CREATE TABLE `requester_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`purpose` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`used_at` text,
	`used_key` text,
	`request_key` text
);
--> statement-breakpoint
CREATE INDEX `requester_codes_case` ON `requester_codes` (`case_id`,`purpose`,`created_at`);--> statement-breakpoint
CREATE INDEX `requester_codes_expiry` ON `requester_codes` (`expires_at`);--> statement-breakpoint
ALTER TABLE `cases` ADD `purged_at` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `verification_code_hash` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `purged_at` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `chain_started_at` text;