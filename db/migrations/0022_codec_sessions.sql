CREATE TABLE `codec_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`principal_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	FOREIGN KEY (`principal_id`) REFERENCES `principals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `codec_sessions_expiry` ON `codec_sessions` (`expires_at`);