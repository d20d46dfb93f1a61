CREATE TABLE `calendar_holidays` (
	`year` integer NOT NULL,
	`name` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	PRIMARY KEY(`year`, `from_date`)
);
--> statement-breakpoint
CREATE TABLE `calendar_loads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`document_no` text NOT NULL,
	`loaded_by` text NOT NULL,
	`loaded_at` text NOT NULL,
	`format` text NOT NULL,
	`notice` text NOT NULL,
	`replaced` text NOT NULL,
	`retiming` text NOT NULL,
	`retiming_signalled` integer DEFAULT 0 NOT NULL,
	`retiming_done_at` text,
	`retiming_error` text
);
--> statement-breakpoint
CREATE INDEX `calendar_loads_year` ON `calendar_loads` (`year`,`id`);--> statement-breakpoint
CREATE INDEX `calendar_loads_retiming` ON `calendar_loads` (`retiming`);--> statement-breakpoint
CREATE TABLE `calendar_workdays` (
	`year` integer NOT NULL,
	`date` text NOT NULL,
	`name` text,
	PRIMARY KEY(`year`, `date`)
);
--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`document_no` text NOT NULL,
	`loaded_by` text NOT NULL,
	`loaded_at` text NOT NULL,
	`format` text NOT NULL,
	`load_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deadline_retimings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`workflow_id` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`window` text NOT NULL,
	`old_at` text NOT NULL,
	`new_at` text NOT NULL,
	`provisional` integer NOT NULL,
	`document_no` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deadline_retimings_key` ON `deadline_retimings` (`key`);--> statement-breakpoint
CREATE INDEX `deadline_retimings_subject` ON `deadline_retimings` (`subject_kind`,`subject_id`);--> statement-breakpoint
ALTER TABLE `complaints` ADD `contact_due_provisional` integer;