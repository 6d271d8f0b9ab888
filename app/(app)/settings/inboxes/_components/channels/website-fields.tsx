"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { POSITIONS, REPLY_TIME_LABELS, REPLY_TIMES, WIDGET_DEFAULTS, type ReplyTime } from "@/lib/channels/website/defaults";
import { readableOn } from "@/lib/widget/client/format";
import { text } from "./config-values";
import type { ChannelFieldsProps } from "./types";

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A miniature of the open widget, redrawn as the admin types. */
function WidgetPreview(p: { color: string; title: string; tagline: string; replyTime: ReplyTime; position: string; preChat: boolean }) {
  const color = HEX.test(p.color) ? p.color : WIDGET_DEFAULTS.widgetColor;
  return (
    // Decorative: every value it shows is in the labelled fields beside it.
    <div aria-hidden className="flex flex-col gap-2 rounded-lg border border-border bg-canvas p-3">
      <div className={`flex w-full flex-col ${p.position === "left" ? "items-start" : "items-end"} gap-2`}>
        <div className="w-64 max-w-full overflow-hidden rounded-lg border border-border bg-surface shadow-sm">
          <div className="flex flex-col gap-1 px-4 py-3" style={{ backgroundColor: color, color: readableOn(color) }}>
            <span className="text-base font-semibold break-words">{p.title || WIDGET_DEFAULTS.welcomeTitle}</span>
            <span className="text-sm break-words opacity-90">{p.tagline || WIDGET_DEFAULTS.welcomeTagline}</span>
          </div>
          <div className="flex flex-col gap-2 px-4 py-3">
            <span className="text-xs text-fg-subtle">Typically replies: {REPLY_TIME_LABELS[p.replyTime].toLowerCase()}</span>
            {p.preChat ? (
              <>
                <span className="text-sm font-medium text-fg">Before we start</span>
                <span className="h-7 rounded-md border border-border-strong px-2.5 py-1 text-sm text-fg-subtle">Email</span>
                <span className="rounded-md px-2.5 py-1 text-center text-sm font-medium" style={{ backgroundColor: color, color: readableOn(color) }}>
                  Start chat
                </span>
              </>
            ) : (
              <>
                <span className="self-end rounded-lg px-2.5 py-1.5 text-sm" style={{ backgroundColor: color, color: readableOn(color) }}>
                  Hi! I have a question.
                </span>
                <span className="h-7 rounded-md border border-border-strong px-2.5 py-1 text-sm text-fg-subtle">Type a message…</span>
              </>
            )}
          </div>
        </div>
        <span aria-hidden className="size-11 rounded-full shadow-md" style={{ backgroundColor: color }} />
      </div>
    </div>
  );
}

export function WebsiteSettings({ mode, config, error }: ChannelFieldsProps) {
  const [color, setColor] = useState(text(config?.widgetColor, WIDGET_DEFAULTS.widgetColor));
  const [title, setTitle] = useState(text(config?.welcomeTitle, WIDGET_DEFAULTS.welcomeTitle));
  const [tagline, setTagline] = useState(text(config?.welcomeTagline, WIDGET_DEFAULTS.welcomeTagline));
  const initialReply = text(config?.replyTime, WIDGET_DEFAULTS.replyTime);
  const [replyTime, setReplyTime] = useState<ReplyTime>(
    (REPLY_TIMES as readonly string[]).includes(initialReply) ? (initialReply as ReplyTime) : WIDGET_DEFAULTS.replyTime,
  );
  const [position, setPosition] = useState(text(config?.position, WIDGET_DEFAULTS.position));
  const [requireIdentity, setRequireIdentity] = useState(config?.requireIdentity === true);
  const [preChatEmail, setPreChatEmail] = useState(config?.preChatEmail === true);
  const domains = Array.isArray(config?.allowedDomains) ? (config.allowedDomains as string[]).join("\n") : "";

  const allowedDomains = (
    <Field
      label="Allowed domains"
      hint="Optional"
      error={error("channel.allowedDomains") ?? error("channel.allowedDomains.0")}
      help="One per line or separated by commas, e.g. example.com. Each also allows its subdomains. Leave empty to allow any site."
    >
      <Textarea
        name="channel.allowedDomains"
        rows={3}
        autoComplete="off"
        spellCheck={false}
        placeholder={"example.com\nshop.example.org"}
        defaultValue={domains}
        className="font-mono"
      />
    </Field>
  );
  const websiteUrl = (
    <Field label="Website URL" required error={error("channel.websiteUrl")} help="The site where you will add the chat widget.">
      <Input
        name="channel.websiteUrl"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://example.com"
        defaultValue={text(config?.websiteUrl)}
      />
    </Field>
  );

  // Once the inbox exists, its look and identity verification live on the Widget tab.
  if (mode === "edit") {
    return (
      <>
        {websiteUrl}
        {allowedDomains}
        <p className="text-sm text-fg-muted">Colours, texts, reply time, the pre-chat form and identity verification are on the Widget tab.</p>
      </>
    );
  }

  return (
    <>
      {websiteUrl}
      <div className="grid gap-5 md:grid-cols-[1fr_16rem]">
        <div className="flex flex-col gap-5">
          <div className="flex items-end gap-2">
            <Field className="flex-1" label="Widget colour" error={error("channel.widgetColor")}>
              <Input
                name="channel.widgetColor"
                autoComplete="off"
                spellCheck={false}
                maxLength={7}
                placeholder={WIDGET_DEFAULTS.widgetColor}
                value={color}
                onChange={(e) => setColor(e.target.value.trim())}
                className="font-mono"
              />
            </Field>
            <input
              type="color"
              aria-label="Pick the widget colour"
              value={HEX.test(color) ? color.toLowerCase() : WIDGET_DEFAULTS.widgetColor}
              onChange={(e) => setColor(e.target.value)}
              className="h-8 w-10 shrink-0 cursor-pointer rounded-md border border-border-strong bg-surface p-0.5"
            />
          </div>
          <Field label="Welcome title" error={error("channel.welcomeTitle")}>
            <Input name="channel.welcomeTitle" maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="Welcome tagline" error={error("channel.welcomeTagline")}>
            <Textarea
              name="channel.welcomeTagline"
              rows={2}
              maxLength={300}
              value={tagline}
              onChange={(e) => setTagline(e.target.value)}
            />
          </Field>
          <div className="grid gap-5 sm:grid-cols-2">
            <Field label="Expected reply time" error={error("channel.replyTime")}>
              <Select name="channel.replyTime" value={replyTime} onChange={(e) => setReplyTime(e.target.value as ReplyTime)}>
                {REPLY_TIMES.map((r) => (
                  <option key={r} value={r}>
                    {REPLY_TIME_LABELS[r]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Position on the page" error={error("channel.position")}>
              <Select name="channel.position" value={position} onChange={(e) => setPosition(e.target.value)}>
                {POSITIONS.map((p) => (
                  <option key={p} value={p}>
                    Bottom {p}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </div>
        <WidgetPreview color={color} title={title} tagline={tagline} replyTime={replyTime} position={position} preChat={preChatEmail} />
      </div>
      <div className="flex flex-col gap-1">
        <Field className="flex-row-reverse items-center justify-end gap-3" label="Ask for an email before the first message" error={error("channel.preChatEmail")}>
          <Switch checked={preChatEmail} onCheckedChange={setPreChatEmail} />
        </Field>
        <input type="hidden" name="channel.preChatEmail" value={preChatEmail ? "on" : "off"} />
        <p className="text-sm text-fg-muted">
          New visitors leave their email (name optional) before they can write, so you can follow up after they leave.
        </p>
      </div>
      {allowedDomains}
      <fieldset className="flex flex-col gap-2 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium text-fg">Identity verification</legend>
        <Field className="flex-row-reverse items-center justify-end gap-3" label="Require verified identity" error={error("channel.requireIdentity")}>
          <Switch checked={requireIdentity} onCheckedChange={setRequireIdentity} />
        </Field>
        {/* A switch posts nothing when off; the hidden field makes "off" reach the server too. */}
        <input type="hidden" name="channel.requireIdentity" value={requireIdentity ? "on" : "off"} />
        <p className="text-sm text-fg-muted">
          When on, only visitors whose identity your backend signed with the inbox&apos;s HMAC token (
          <code className="font-mono text-[0.85em]">identifierHash</code>) can send messages. Verified visitors see their
          history on any device. Once the inbox exists, its HMAC token and a code sample are on the Configuration tab.
        </p>
      </fieldset>
    </>
  );
}
