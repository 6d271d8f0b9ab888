import { CircleCheck, Clock, TriangleAlert } from "lucide-react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { mailboxStatus } from "@/lib/channels/email/status";
import { env } from "@/lib/env";
import { LocalTime } from "../../../_components/local-time";
import { EmailCheckNow } from "./email-check-now";

/** Configuration tab of an email inbox (administrators): when the mailbox was last read, the last problem, and "Check now". */
export async function EmailSyncStatus({ inboxId, config }: { inboxId: string; config: Record<string, unknown> }) {
  const s = await mailboxStatus(getDb(), inboxId);
  const imap = (config.imap ?? {}) as { host?: string; mailbox?: string };
  const where = `${imap.mailbox || "INBOX"} on ${imap.host ?? "the IMAP server"}`;
  const poll = env().KONVERSIO_EMAIL_POLL_SECONDS;
  const every = poll === 1 ? "every second" : poll < 120 ? `every ${poll} seconds` : `every ${Math.round(poll / 60)} minutes`;
  return (
    <Card>
      <CardHeader title="Mailbox sync" description={`Konversio checks ${where} for new mail ${every} and imports what arrived since the inbox was created.`} />
      <CardBody className="flex flex-col gap-3 pb-5 text-base">
        <div className="flex items-center gap-2">
          {s.lastSyncAt ? <CircleCheck aria-hidden className="size-4 shrink-0 text-success-text" /> : <Clock aria-hidden className="size-4 shrink-0 text-fg-subtle" />}
          <span className="text-fg-muted">Last successful sync:</span>
          {s.lastSyncAt ? (
            <span className="font-medium text-fg" data-testid="email-last-sync">
              <LocalTime value={s.lastSyncAt} mode="relative" /> <span className="font-normal text-fg-subtle">(<LocalTime value={s.lastSyncAt} mode="datetime" />)</span>
            </span>
          ) : (
            <span className="text-fg">not yet — the first check runs within a minute of creating the inbox</span>
          )}
        </div>
        {s.lastError && (
          <div role="status" className="flex items-start gap-2.5 rounded-md border border-warning-border bg-warning-soft px-3 py-2.5 text-sm text-warning-text">
            <TriangleAlert aria-hidden className="mt-px size-4 shrink-0" />
            <div className="min-w-0">
              <p className="font-medium">
                Last error{s.lastErrorAt && (
                  <>
                    {" "}
                    · <LocalTime value={s.lastErrorAt} mode="relative" />
                  </>
                )}
              </p>
              <p className="break-words" data-testid="email-last-error">{s.lastError}</p>
              {s.nextSyncAt && (
                <p>
                  Next attempt <LocalTime value={s.nextSyncAt} mode="relative" />.
                </p>
              )}
            </div>
          </div>
        )}
        <EmailCheckNow inboxId={inboxId} outcome={`${s.lastSyncAt?.toISOString() ?? ""}|${s.lastErrorAt?.toISOString() ?? ""}`} />
      </CardBody>
    </Card>
  );
}
