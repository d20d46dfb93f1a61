ALTER TABLE `outbox` ADD `claimed_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_by` text;