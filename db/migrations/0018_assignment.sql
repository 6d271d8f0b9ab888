ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inboxes" ADD COLUMN "auto_assignment" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "stream_seen_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversations_queue_idx" ON "conversations" USING btree ("inbox_id","priority","waiting_since") WHERE "conversations"."status" = 'open' and "conversations"."assignee_id" is null;--> statement-breakpoint
UPDATE "conversations" SET "waiting_since" = "last_incoming_at" WHERE "status" <> 'resolved' AND "last_incoming_at" IS NOT NULL AND "last_incoming_at" > coalesce("last_person_message_at", '-infinity'::timestamptz);
