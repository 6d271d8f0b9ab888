CREATE TABLE "widget_ticket_uses" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "widget_ticket_uses_expires_idx" ON "widget_ticket_uses" USING btree ("expires_at");