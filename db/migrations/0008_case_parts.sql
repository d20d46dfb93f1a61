CREATE TABLE `case_parts` (
	`case_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`status` text NOT NULL,
	`tier` text NOT NULL,
	`assignee_id` text,
	`assignee_name` text,
	`deadline_at` text,
	`stance` text,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`view` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`case_id`, `unit_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_parts_inbox` ON `case_parts` (`assignee_id`,`deadline_at`);