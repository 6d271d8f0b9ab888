ALTER TABLE "inboxes" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "inboxes" ADD COLUMN "auto_replies" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sender_automation" jsonb;