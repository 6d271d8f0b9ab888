import { SearchX } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ConversationNotFound() {
  return (
    <div className="flex min-w-0 flex-1 items-center justify-center bg-canvas">
      <EmptyState
        icon={<SearchX />}
        title="Conversation not found"
        description="It doesn't exist, or it is in an inbox you don't work in."
        action={
          <Link href="/conversations" className={buttonVariants({ size: "sm" })}>
            Back to conversations
          </Link>
        }
      />
    </div>
  );
}
