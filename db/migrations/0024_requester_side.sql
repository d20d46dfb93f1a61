CREATE TABLE `attachment_blobs` (
	`attachment_id` text PRIMARY KEY NOT NULL,
	`data` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachment_downloads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attachment_id` text NOT NULL,
	`case_id` text NOT NULL,
	`reader_kind` text NOT NULL,
	`reader_id` text NOT NULL,
	`reader_role` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachment_downloads_case` ON `attachment_downloads` (`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `attachment_downloads_attachment` ON `attachment_downloads` (`attachment_id`,`at`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`file_name` text NOT NULL,
	`purpose` text NOT NULL,
	`item` text,
	`uploader_kind` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`storage` text NOT NULL,
	`processing` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_case` ON `attachments` (`case_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `requester_messages` (
	`key` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`carrier_key` text NOT NULL,
	`send_day` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `requester_messages_case_day` ON `requester_messages` (`case_id`,`send_day`);--> statement-breakpoint
CREATE TABLE `requester_opt_outs` (
	`case_id` text PRIMARY KEY NOT NULL,
	`via` text NOT NULL,
	`at` text NOT NULL
);
