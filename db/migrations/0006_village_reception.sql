CREATE TABLE `village_months` (
	`id` text PRIMARY KEY NOT NULL,
	`town_unit_id` text NOT NULL,
	`month` text NOT NULL,
	`phase` text NOT NULL,
	`host_village_id` text,
	`version` integer NOT NULL,
	`view` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `village_months_town_month` ON `village_months` (`town_unit_id`,`month`);--> statement-breakpoint
CREATE TABLE `village_problems` (
	`id` text PRIMARY KEY NOT NULL,
	`month_id` text NOT NULL,
	`town_unit_id` text NOT NULL,
	`month` text NOT NULL,
	`village_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`urgency` integer NOT NULL,
	`residents` integer NOT NULL,
	`carry_count` integer DEFAULT 0 NOT NULL,
	`carried_from_id` text,
	`carried_into_id` text,
	`responsible_unit_id` text,
	`agreed_deadline` text,
	`case_id` text,
	`outcome` text,
	`expected_by` text,
	`flagged` integer DEFAULT false NOT NULL,
	`submitted_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `village_problems_town_outcome` ON `village_problems` (`town_unit_id`,`outcome`);--> statement-breakpoint
CREATE INDEX `village_problems_month` ON `village_problems` (`month_id`);--> statement-breakpoint
CREATE TABLE `villages` (
	`id` text PRIMARY KEY NOT NULL,
	`town_unit_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`town_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `villages_town` ON `villages` (`town_unit_id`);