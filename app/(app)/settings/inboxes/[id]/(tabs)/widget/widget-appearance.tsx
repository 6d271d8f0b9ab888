"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/components/ui/cn";
import { readableOn, safeColor } from "@/lib/widget/client/format";
import { FormAlert } from "@/components/ui/form-alert";
import { useAction } from "../../../../_components/use-action";
import { updateInboxAction } from "../../../actions";

type Appearance = {
  widgetColor: string;
  welcomeTitle: string;
  welcomeTagline: string;
  replyTime: string;
  position: "right" | "left" | string;
  preChatEmail: boolean;
};

const HEX = /^#[0-9a-f]{6}$/i;

const REPLY_TIMES = [
  { value: "minutes", label: "In a few minutes" },
  { value: "hours", label: "In a few hours" },
  { value: "day", label: "In a day" },
];

/** The appearance form and, beside it, a preview that follows every keystroke. */
export function WidgetAppearance({
  inbox,
  initial,
}: {
  inbox: { id: string; name: string; websiteUrl: string; websiteToken: string };
  initial: Appearance;
}) {
  const [v, setV] = useState<Appearance>(initial);
  const [saved, setSaved] = useState<Appearance>(initial);
  const [colorText, setColorText] = useState(initial.widgetColor);
  const { toast } = useToast();
  const { pending, error, fieldErrors, fieldError, submit } = useAction(updateInboxAction);
  const colorError = fieldError("channel.widgetColor") ?? (HEX.test(colorText.trim()) ? undefined : "Use a colour like #5753d0");
  const dirty = JSON.stringify(v) !== JSON.stringify(saved);
  const set = (patch: Partial<Appearance>) => setV((cur) => ({ ...cur, ...patch }));
  const preChatId = useId();

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const channel = { ...v, widgetColor: colorText.trim() };
    submit({ id: inbox.id, channel }, () => {
      setSaved(v);
      toast({ variant: "success", title: "Widget saved", description: "Visitors see the new look the next time a page loads." });
    });
  }

  return (
    <Card>
      <CardHeader
        title="Appearance"
        description="How the chat looks on your website and what it asks first. The preview updates as you type."
      />
      <form onSubmit={onSubmit} noValidate aria-busy={pending}>
        <CardBody className="grid gap-8 pb-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,440px)]">
          <div className="flex flex-col gap-5">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="widget-color">Widget colour</Label>
              <div className="flex items-center gap-2">
                <input
                  type="color"
                  aria-label="Colour picker"
                  value={HEX.test(v.widgetColor) ? v.widgetColor : "#5753d0"}
                  onChange={(e) => {
                    setColorText(e.target.value);
                    set({ widgetColor: e.target.value });
                  }}
                  className="h-8 w-10 shrink-0 cursor-pointer rounded-md border border-border bg-surface p-0.5"
                />
                <Input
                  id="widget-color"
                  name="channel.widgetColor"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={7}
                  value={colorText}
                  aria-invalid={colorError ? true : undefined}
                  aria-describedby="widget-color-help"
                  onChange={(e) => {
                    setColorText(e.target.value);
                    if (HEX.test(e.target.value.trim())) set({ widgetColor: e.target.value.trim().toLowerCase() });
                  }}
                  className="max-w-32 font-mono"
                />
              </div>
              {colorError && <p className="text-sm text-danger-text">{colorError}</p>}
              <p id="widget-color-help" className="text-sm text-fg-muted">
                The launcher, the header and the visitor&apos;s messages use it; text on it turns dark or light to stay readable.
              </p>
            </div>
            <Field label="Welcome title" error={fieldError("channel.welcomeTitle")}>
              <Input name="channel.welcomeTitle" maxLength={120} value={v.welcomeTitle} onChange={(e) => set({ welcomeTitle: e.target.value })} />
            </Field>
            <Field label="Welcome tagline" error={fieldError("channel.welcomeTagline")} help="One or two sentences under the title.">
              <Textarea name="channel.welcomeTagline" rows={2} maxLength={300} value={v.welcomeTagline} onChange={(e) => set({ welcomeTagline: e.target.value })} />
            </Field>
            <div className="grid gap-5">
              <Field label="Expected reply time" error={fieldError("channel.replyTime")}>
                <Select name="channel.replyTime" value={v.replyTime} onChange={(e) => set({ replyTime: e.target.value })}>
                  {REPLY_TIMES.map((r) => (
                    <option key={r.value} value={r.value}>
                      {r.label}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Launcher position" error={fieldError("channel.position")}>
                <Select name="channel.position" value={v.position} onChange={(e) => set({ position: e.target.value })}>
                  <option value="right">Bottom right</option>
                  <option value="left">Bottom left</option>
                </Select>
              </Field>
            </div>
            <div className="flex items-start gap-3">
              <Switch
                id={preChatId}
                checked={v.preChatEmail}
                onCheckedChange={(on) => set({ preChatEmail: on })}
                aria-describedby={`${preChatId}-help`}
                className="mt-0.5"
              />
              <div className="flex min-w-0 flex-col gap-0.5">
                <label htmlFor={preChatId} className="cursor-pointer text-base font-medium text-fg">
                  Ask for an email before the first message
                </label>
                <p id={`${preChatId}-help`} className="text-sm text-fg-muted">
                  New visitors leave their email (and, if they like, their name) before they can write, so you can
                  follow up after they leave. Visitors your site already identified with an email skip it.
                </p>
                {fieldError("channel.preChatEmail") && <p className="text-sm text-danger-text">{fieldError("channel.preChatEmail")}</p>}
              </div>
            </div>
            {error && !fieldErrors && <FormAlert>{error}</FormAlert>}
          </div>
          <WidgetPreview look={v} websiteUrl={inbox.websiteUrl} name={inbox.name} websiteToken={inbox.websiteToken} />
        </CardBody>
        <CardFooter className="gap-3">
          {dirty && <span className="text-sm text-fg-muted">Unsaved changes</span>}
          <Button type="submit" variant="primary" loading={pending}>
            Save appearance
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url || "your-website.com";
  }
};

/** A copy of the loader's launcher (public/widget.js draws the real one on the customer's site). */
function LauncherPreview({ widgetColor, open }: { widgetColor: string; open: boolean }) {
  const color = safeColor(widgetColor);
  return (
    <span
      style={{ backgroundColor: color, color: readableOn(color) }}
      className="relative inline-flex size-14 items-center justify-center rounded-full shadow-[0_6px_20px_rgba(0,0,0,0.2)]"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" className={open ? "size-6" : "size-7"} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {open ? (
          <path d="M6 9l6 6 6-6" strokeWidth="2.2" />
        ) : (
          <path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 9.3 9.3 0 0 1-3.9-.9L3 20.5l1.5-4.6A8 8 0 0 1 3 11.5 8.4 8.4 0 0 1 12 3a8.4 8.4 0 0 1 9 8.5Z" />
        )}
      </svg>
      {!open && (
        <span className="absolute -top-1 -right-1 flex h-5 min-w-5 items-center justify-center rounded-full border-2 border-white bg-danger px-1 text-2xs font-semibold text-white">
          1
        </span>
      )}
    </span>
  );
}

/**
 * A small browser window with the open widget and its launcher. The widget is the real chat page
 * in an iframe (/widget/<token>?preview=1: sample messages, no session, nothing focusable); the
 * form's unsaved values reach it by postMessage as the admin types.
 */
export function WidgetPreview({ look, websiteUrl, name, websiteToken }: { look: Appearance; websiteUrl: string; name: string; websiteToken: string }) {
  const [open, setOpen] = useState(true);
  const frame = useRef<HTMLIFrameElement>(null);
  const left = look.position === "left";
  const latest = useRef({ ...look, name });

  const push = () => frame.current?.contentWindow?.postMessage({ type: "preview", config: latest.current }, window.location.origin);
  useEffect(() => {
    latest.current = { ...look, name };
    push();
  }, [look, name]);
  // The page says when it listens (it may load before or after this component hydrates).
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin === window.location.origin && e.source === frame.current?.contentWindow && e.data?.type === "preview-ready") push();
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  return (
    <div className="flex flex-col gap-2" data-testid="widget-preview">
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium text-fg">Preview</span>
        <div role="group" aria-label="Preview state" className="inline-flex rounded-md border border-border p-0.5">
          {[
            ["Open", true],
            ["Closed", false],
          ].map(([label, value]) => (
            <button
              key={String(label)}
              type="button"
              aria-pressed={open === value}
              onClick={() => setOpen(value as boolean)}
              className={cn(
                "cursor-pointer rounded px-2 py-0.5 text-sm font-medium",
                open === value ? "bg-active text-fg" : "text-fg-muted hover:text-fg",
              )}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div aria-hidden className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
        <div className="flex items-center gap-2 border-b border-border bg-canvas px-3 py-2">
          <span className="flex gap-1">
            <span className="size-2.5 rounded-full bg-gray-300" />
            <span className="size-2.5 rounded-full bg-gray-300" />
            <span className="size-2.5 rounded-full bg-gray-300" />
          </span>
          <span className="min-w-0 flex-1 truncate rounded bg-surface px-2 py-0.5 text-center text-xs text-fg-subtle">{hostOf(websiteUrl)}</span>
        </div>
        <div className="relative h-[600px] bg-[linear-gradient(180deg,var(--color-gray-50),var(--color-surface))] p-5">
          <div className="flex flex-col gap-3 opacity-70">
            <div className="h-4 w-2/5 rounded bg-gray-200" />
            <div className="h-2.5 w-4/5 rounded bg-gray-150" />
            <div className="h-2.5 w-3/5 rounded bg-gray-150" />
            <div className="mt-3 h-24 rounded-lg bg-gray-100" />
            <div className="h-2.5 w-2/3 rounded bg-gray-150" />
          </div>
          {/* Kept mounted when "Closed", so reopening does not reload the page. */}
          <div
            className={cn(
              "absolute bottom-[88px] h-[480px] w-[340px] max-w-[calc(100%-40px)] overflow-hidden rounded-2xl bg-surface shadow-[0_12px_48px_rgba(0,0,0,0.24)]",
              left ? "left-5" : "right-5",
              !open && "invisible",
            )}
          >
            <iframe
              ref={frame}
              src={`/widget/${encodeURIComponent(websiteToken)}?preview=1`}
              title="Widget preview"
              tabIndex={-1}
              onLoad={push}
              className="block size-full border-0"
            />
          </div>
          <div className={cn("absolute bottom-5", left ? "left-5" : "right-5")}>
            <LauncherPreview widgetColor={look.widgetColor} open={open} />
          </div>
        </div>
      </div>
    </div>
  );
}
