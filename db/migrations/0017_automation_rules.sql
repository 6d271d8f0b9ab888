CREATE TABLE "automation_fires" (
	"rule_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_fires_rule_id_conversation_id_pk" PRIMARY KEY("rule_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "automation_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"event" text NOT NULL,
	"inbox_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stop_processing" boolean DEFAULT false NOT NULL,
	"once_per_conversation" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"webhook_secret" text NOT NULL,
	"pruned_runs" integer DEFAULT 0 NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "automation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_outgoing_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "last_person_message_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "automation_fires" ADD CONSTRAINT "automation_fires_rule_id_automation_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."automation_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_fires" ADD CONSTRAINT "automation_fires_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_rule_id_automation_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."automation_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_runs" ADD CONSTRAINT "automation_runs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automation_fires_conversation_idx" ON "automation_fires" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "automation_rules_event_position_idx" ON "automation_rules" USING btree ("event","position","created_at");--> statement-breakpoint
CREATE INDEX "automation_runs_rule_at_idx" ON "automation_runs" USING btree ("rule_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "automation_runs_conversation_idx" ON "automation_runs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "conversations_status_incoming_idx" ON "conversations" USING btree ("status","last_incoming_at");--> statement-breakpoint
CREATE INDEX "conversations_status_outgoing_idx" ON "conversations" USING btree ("status","last_outgoing_at");--> statement-breakpoint
UPDATE "conversations" c SET "last_outgoing_at" = m.at FROM (SELECT "conversation_id", max("created_at") AS at FROM "messages" WHERE "kind" = 'outgoing' AND "private" = false GROUP BY 1) m WHERE m."conversation_id" = c."id";--> statement-breakpoint
UPDATE "conversations" c SET "last_person_message_at" = m.at FROM (SELECT "conversation_id", max("created_at") AS at FROM "messages" WHERE "kind" = 'outgoing' AND "sender_user_id" IS NOT NULL GROUP BY 1) m WHERE m."conversation_id" = c."id";
