CREATE TABLE `export_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`principal_id` text NOT NULL,
	`role` text NOT NULL,
	`ledger` text NOT NULL,
	`params` text NOT NULL,
	`masked` integer NOT NULL,
	`rows` integer,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `export_audit_at` ON `export_audit` (`at`);--> statement-breakpoint
CREATE INDEX `export_audit_principal` ON `export_audit` (`principal_id`,`at`);--> statement-breakpoint
CREATE TABLE `monthly_topics` (
	`month` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`cases` integer NOT NULL,
	`note` text,
	`picked_by` text NOT NULL,
	`picked_at` text NOT NULL,
	`rule_id` text,
	`rule_linked_by` text,
	`rule_linked_at` text,
	FOREIGN KEY (`rule_id`) REFERENCES `library_rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ranking_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_steps_action_at` ON `case_steps` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `cases_closed` ON `cases` (`closed_at`,`lead_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `officer_events_kind_at` ON `officer_events` (`kind`,`at`);