CREATE TABLE `accountability_records` (
	`id` text PRIMARY KEY NOT NULL,
	`finding_id` text NOT NULL,
	`review_id` text NOT NULL,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`officer_id` text NOT NULL,
	`unit_id` text,
	`case_id` text,
	`complaint_id` text,
	`summary` text NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `review_findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accountability_finding` ON `accountability_records` (`finding_id`);--> statement-breakpoint
CREATE INDEX `accountability_officer` ON `accountability_records` (`officer_id`,`recorded_at`);--> statement-breakpoint
CREATE INDEX `accountability_unit` ON `accountability_records` (`unit_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`idempotency_key_hash` text,
	`body_hash` text,
	`window_code` text,
	`unit_id` text NOT NULL,
	`case_id` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`content` text NOT NULL,
	`filed_by` text,
	`status` text NOT NULL,
	`filed_at` text NOT NULL,
	`contact_due_at` text,
	`contacted_at` text,
	`contacted_by` text,
	`contact_note` text,
	`contact_lapsed_at` text,
	`closed_at` text,
	`closed_by` text,
	`upheld` integer,
	`findings` text,
	`findings_data` text,
	FOREIGN KEY (`window_code`) REFERENCES `windows`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_idempotency` ON `complaints` (`idempotency_key_hash`);--> statement-breakpoint
CREATE INDEX `complaints_unit` ON `complaints` (`unit_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `complaints_case` ON `complaints` (`case_id`);--> statement-breakpoint
CREATE INDEX `complaints_filed` ON `complaints` (`filed_at`);--> statement-breakpoint
CREATE TABLE `review_findings` (
	`id` text PRIMARY KEY NOT NULL,
	`review_id` text NOT NULL,
	`kind` text NOT NULL,
	`officer_id` text NOT NULL,
	`unit_id` text,
	`subject_ref` text NOT NULL,
	`seq` integer NOT NULL,
	`proposed_by` text NOT NULL,
	`summary` text NOT NULL,
	`evidence` text,
	`status` text NOT NULL,
	`level` text,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_findings_once` ON `review_findings` (`review_id`,`kind`,`officer_id`,`subject_ref`,`seq`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text,
	`complaint_id` text,
	`officer_id` text,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reviews_case` ON `reviews` (`case_id`);--> statement-breakpoint
CREATE INDEX `reviews_complaint` ON `reviews` (`complaint_id`);--> statement-breakpoint
CREATE INDEX `reviews_officer` ON `reviews` (`officer_id`);