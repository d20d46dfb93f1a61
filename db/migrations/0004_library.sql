CREATE TABLE `library_docs` (
	`id` integer PRIMARY KEY NOT NULL,
	`doc_type` text NOT NULL,
	`ref` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_docs_ref` ON `library_docs` (`doc_type`,`ref`);--> statement-breakpoint
CREATE TABLE `library_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`issuing_unit_id` text NOT NULL,
	`issued_on` text NOT NULL,
	`document_no` text,
	`category` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`issuing_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `library_rules_unit` ON `library_rules` (`issuing_unit_id`,`issued_on`);--> statement-breakpoint
CREATE TABLE `precedent_citations` (
	`case_id` text NOT NULL,
	`seq` integer NOT NULL,
	`precedent_id` text NOT NULL,
	`action` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`case_id`, `seq`, `precedent_id`),
	FOREIGN KEY (`precedent_id`) REFERENCES `precedents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `precedent_citations_precedent` ON `precedent_citations` (`precedent_id`,`at`);--> statement-breakpoint
CREATE TABLE `precedent_units` (
	`precedent_id` text NOT NULL,
	`unit_id` text NOT NULL,
	PRIMARY KEY(`precedent_id`, `unit_id`),
	FOREIGN KEY (`precedent_id`) REFERENCES `precedents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `precedent_units_unit` ON `precedent_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `precedents` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`category` text,
	`kind` text NOT NULL,
	`problem` text NOT NULL,
	`solution` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_case_id` text,
	`place` text,
	`documented_in` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`source_case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `precedents_source_case` ON `precedents` (`source_case_id`);--> statement-breakpoint
CREATE INDEX `precedents_category` ON `precedents` (`category`,`kind`);--> statement-breakpoint
CREATE TABLE `rule_cases` (
	`rule_id` text NOT NULL,
	`case_id` text NOT NULL,
	PRIMARY KEY(`rule_id`, `case_id`),
	FOREIGN KEY (`rule_id`) REFERENCES `library_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rule_cases_case` ON `rule_cases` (`case_id`);--> statement-breakpoint
CREATE TABLE `rule_precedents` (
	`rule_id` text NOT NULL,
	`precedent_id` text NOT NULL,
	PRIMARY KEY(`rule_id`, `precedent_id`),
	FOREIGN KEY (`rule_id`) REFERENCES `library_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`precedent_id`) REFERENCES `precedents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rule_precedents_precedent` ON `rule_precedents` (`precedent_id`);