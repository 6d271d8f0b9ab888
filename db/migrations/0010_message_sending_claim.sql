ALTER TABLE "messages" ADD COLUMN "sending_by" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sending_heartbeat_at" timestamp with time zone;