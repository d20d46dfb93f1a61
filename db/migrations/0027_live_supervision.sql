CREATE TABLE `supervision_items` (
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`no` integer NOT NULL,
	`unit_id` text NOT NULL,
	`status` text NOT NULL,
	`level` text,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`due_at` text,
	`lapsed_at` text,
	`closed_at` text,
	`closed_by` text,
	`data` text NOT NULL,
	PRIMARY KEY(`case_id`, `kind`, `no`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_items_kind` ON `supervision_items` (`kind`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `supervision_items_opened` ON `supervision_items` (`kind`,`opened_at`,`unit_id`);--> statement-breakpoint
CREATE INDEX `supervision_items_unit` ON `supervision_items` (`unit_id`,`kind`,`status`);--> statement-breakpoint
ALTER TABLE `cases` ADD `counted_rating` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `counted_rating_at` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `counted_rating_source` text;--> statement-breakpoint
CREATE INDEX `cases_judged` ON `cases` (`counted_rating_at`,`lead_unit_id`);