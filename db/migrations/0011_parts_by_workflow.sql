PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_case_parts` (
	`case_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`workflow_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`tier` text NOT NULL,
	`assignee_id` text,
	`assignee_name` text,
	`deadline_at` text,
	`stance` text,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`view` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_case_parts`("case_id", "unit_id", "workflow_id", "status", "tier", "assignee_id", "assignee_name", "deadline_at", "stance", "last_seq", "view", "updated_at") SELECT "case_id", "unit_id", "workflow_id", "status", "tier", "assignee_id", "assignee_name", "deadline_at", "stance", "last_seq", "view", "updated_at" FROM `case_parts`;--> statement-breakpoint
DROP TABLE `case_parts`;--> statement-breakpoint
ALTER TABLE `__new_case_parts` RENAME TO `case_parts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `case_parts_case_unit` ON `case_parts` (`case_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `case_parts_inbox` ON `case_parts` (`assignee_id`,`deadline_at`);