"use client";

import { Clock, Mail, Phone } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ChannelIcon } from "@/components/channels/channel-icon";
import { StatusBadge } from "@/components/status-badge";
import { Avatar } from "@/components/ui/avatar";
import { Skeleton } from "@/components/ui/skeleton";
import { useFilters } from "./filters";
import { Time } from "./time";
import { contactDisplayName, type ConversationDetail, type OtherConversation } from "./types";

type Props = { conversation: ConversationDetail; others: OtherConversation[] | undefined };

export function ContactPanel({ conversation: c, others }: Props) {
  const { conversationHref } = useFilters();
  const name = contactDisplayName(c.contact);
  return (
    <aside aria-label="Contact" className="hidden w-70 shrink-0 flex-col overflow-y-auto border-l border-border bg-surface xl:flex">
      <div className="flex h-12 shrink-0 items-center px-4">
        <h2 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">Contact</h2>
      </div>
      <div className="flex items-center gap-3 px-4 pb-4">
        <Avatar name={name} src={c.contact.avatarUrl} size="md" decorative />
        <div className="min-w-0">
          <p className="truncate text-base font-semibold" title={name}>
            {name}
          </p>
          {!c.contact.name && <p className="text-xs text-fg-subtle">No name given</p>}
        </div>
      </div>
      <dl className="flex flex-col gap-2.5 border-b border-border px-4 pb-4 text-sm">
        <Row icon={<Mail />} label="Email">
          {c.contact.email ? (
            <span className="flex min-w-0 flex-col">
              <a href={`mailto:${c.contact.email}`} className="truncate text-fg hover:underline" title={c.contact.email}>
                {c.contact.email}
              </a>
              {c.contactEmailVerified === false && (
                <span className="text-xs text-fg-subtle" title="Typed by the visitor in the chat's pre-chat form; nobody has confirmed they own it.">
                  Not verified — typed by the visitor
                </span>
              )}
              {c.contactComplainedAt && (
                <span className="text-xs text-danger-text" title="Their mail provider passed on a spam complaint (feedback loop). Mail them only when they asked for it.">
                  Reported our mail as spam on <Time value={c.contactComplainedAt} format="day" />
                </span>
              )}
            </span>
          ) : (
            <span className="text-fg-subtle">—</span>
          )}
        </Row>
        <Row icon={<Phone />} label="Phone">
          {c.contact.phone ? (
            <a href={`tel:${c.contact.phone}`} className="truncate text-fg tabular-nums hover:underline">
              {c.contact.phone}
            </a>
          ) : (
            <span className="text-fg-subtle">—</span>
          )}
        </Row>
        <Row icon={<Clock />} label="First seen">
          <Time value={c.contactCreatedAt} format="day" className="text-fg" />
        </Row>
      </dl>

      <section aria-labelledby="other-conversations" className="px-2 py-3">
        <h3 id="other-conversations" className="px-2 pb-2 text-xs font-semibold tracking-wide text-fg-subtle uppercase">
          Other conversations
        </h3>
        {!others ? (
          <div className="flex flex-col gap-2 px-2">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : others.length === 0 ? (
          <p className="px-2 text-sm text-fg-subtle">None that you can see.</p>
        ) : (
          <ul className="flex flex-col gap-px">
            {others.map((o) => (
              <li key={o.id}>
                <Link
                  href={conversationHref(o.number)}
                  prefetch={false}
                  className="flex flex-col gap-1 rounded-md px-2 py-1.5 focus-ring-inset hover:bg-hover"
                >
                  <span className="flex items-center gap-1.5 text-sm">
                    <span className="font-medium tabular-nums">#{o.number}</span>
                    <StatusBadge status={o.status} className="h-4 px-1 text-2xs" />
                    <Time value={o.lastActivityAt} format="relative-short" className="ml-auto text-xs text-fg-subtle" />
                  </span>
                  <span className="flex min-w-0 items-center gap-1.5 text-xs text-fg-muted">
                    <ChannelIcon type={o.channelType} size="xs" decorative />
                    <span className="truncate">{o.inboxName}</span>
                  </span>
                  {o.preview && <span className="truncate text-xs text-fg-subtle">{o.preview}</span>}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}

function Row({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_minmax(0,1fr)] items-center gap-2">
      <dt className="flex items-center gap-2 text-fg-muted [&_svg]:size-3.5 [&_svg]:text-fg-subtle">
        <span aria-hidden className="flex">
          {icon}
        </span>
        {label}
      </dt>
      <dd className="flex min-w-0">{children}</dd>
    </div>
  );
}
