-- Conversation search (`q`) matches substrings of contact details and the latest message; trigram
-- indexes keep that fast at millions of rows. The expressions must match lib/conversations/search.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_search_trgm_idx" ON "contacts" USING gin ((coalesce("name", '') || ' ' || coalesce("email", '') || ' ' || coalesce("phone", '')) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "conversations_search_trgm_idx" ON "conversations" USING gin ((coalesce("subject", '') || ' ' || coalesce("last_message_preview", '')) gin_trgm_ops);
