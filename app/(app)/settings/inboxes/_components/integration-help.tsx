import type { ReactNode } from "react";
import { CopyField } from "@/components/ui/copy-field";
import type { ChannelType } from "@/components/channel-icon";
import { LineHelp } from "./channels/line-help";
import { TelegramHelp } from "./channels/telegram-help";
import { SmsHelp } from "./channels/sms-help";
import { MetaHelp } from "./channels/meta-help";

type HelpProps = { webhookUrl: string | null; callbackUrl?: string; embedCode?: string; config?: Record<string, unknown> };

function Code({ children }: { children: ReactNode }) {
  return <code className="rounded-xs bg-hover px-1 py-px font-mono text-[0.85em] text-fg">{children}</code>;
}

function Block({ children }: { children: string }) {
  return <pre className="overflow-x-auto rounded-md border border-border bg-canvas px-3 py-2 font-mono text-sm leading-5 text-fg">{children}</pre>;
}

const sampleBody = JSON.stringify({
  contact: { sourceId: "customer-42", name: "Jane Doe", email: "jane@example.com" },
  message: { sourceId: "msg-1001", content: "Hi! Where is my order?" },
});

function curlExample(webhookUrl: string) {
  return [
    "HMAC_TOKEN='paste the HMAC token here'",
    `BODY='${sampleBody}'`,
    "TS=$(date +%s)",
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$HMAC_TOKEN" | sed 's/^.* //')`,
    `curl -sS -X POST '${webhookUrl}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "X-Konversio-Timestamp: $TS" \\`,
    `  -H "X-Konversio-Signature: sha256=$SIG" \\`,
    `  --data "$BODY"`,
  ].join("\n");
}

function ApiHelp({ webhookUrl, callbackUrl }: HelpProps) {
  if (!webhookUrl) return null;
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">1. Send a customer&apos;s message</h3>
        <p className="text-fg-muted">
          <Code>POST</Code> JSON to the webhook URL. <Code>contact.sourceId</Code> is your id for the customer (their
          messages thread into one conversation); <Code>message.sourceId</Code> is your id for the message (sending it
          twice stores it once).
        </p>
        <Block>{JSON.stringify(JSON.parse(sampleBody), null, 2)}</Block>
        <p className="text-sm text-fg-muted">
          <Code>name</Code>, <Code>email</Code> and <Code>phone</Code> are optional.
        </p>
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">2. Sign every request</h3>
        <ul className="flex list-disc flex-col gap-1 pl-5 text-fg-muted">
          <li>
            <Code>X-Konversio-Timestamp</Code>: the current time in Unix seconds. Requests more than 5 minutes off are
            rejected.
          </li>
          <li>
            <Code>X-Konversio-Signature</Code>: <Code>sha256=</Code> followed by the hex HMAC-SHA256 of{" "}
            <Code>timestamp + &quot;.&quot; + raw body</Code>, keyed with the HMAC token.
          </li>
        </ul>
        <p className="text-sm text-fg-muted">Try it from a terminal:</p>
        <CopyField value={curlExample(webhookUrl)} multiline label="Example request" />
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">3. Read the answer</h3>
        <ul className="flex list-disc flex-col gap-1 pl-5 text-fg-muted">
          <li>
            <Code>201</Code> with <Code>{"{ conversationId, messageId }"}</Code> — stored; <Code>200</Code> with the same
            ids when the message was already received.
          </li>
          <li>
            <Code>401</Code> — missing or wrong signature or timestamp; <Code>400</Code> — the body is not valid, with
            the issues listed; <Code>410</Code> — the inbox was deleted.
          </li>
        </ul>
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">4. Receive agents&apos; replies</h3>
        <p className="text-fg-muted">
          {callbackUrl ? (
            <>
              Konversio POSTs <Code>{"{ event, id, createdAt, data }"}</Code> to <Code>{callbackUrl}</Code>
            </>
          ) : (
            <>
              Set a callback URL on the General tab and Konversio POSTs <Code>{"{ event, id, createdAt, data }"}</Code>{" "}
              to it
            </>
          )}{" "}
          for <Code>message.created</Code> (agents&apos; public replies) and <Code>conversation.updated</Code> (status,
          assignee and team changes), signed the same way with the webhook secret.
        </p>
      </section>
    </div>
  );
}

const serverSnippet = [
  'import crypto from "node:crypto";',
  "",
  "// On your server, for the signed-in user. Never send the HMAC token to the browser.",
  "const identifierHash = crypto",
  '  .createHmac("sha256", process.env.KONVERSIO_HMAC_TOKEN) // the HMAC token above',
  "  .update(userId)",
  '  .digest("hex");',
].join("\n");

const pageSnippet = [
  "// In the page, once you know who is signed in:",
  "window.Konversio.setUser(userId, {",
  "  name: user.name,",
  "  email: user.email,",
  "  identifierHash, // computed by your server",
  "});",
  "",
  "// When they sign out, start a fresh anonymous chat:",
  "window.Konversio.reset();",
].join("\n");

function WebsiteHelp({ embedCode }: HelpProps) {
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">1. Add the widget to your site</h3>
        <p className="text-fg-muted">
          Paste this embed code just before <Code>{"</body>"}</Code> on every page where visitors may chat. It draws the chat
          button in your colour and loads the chat only when a visitor opens it.
        </p>
        {embedCode && <CopyField value={embedCode} multiline label="Embed code" />}
        <p className="text-sm text-fg-muted">
          If you listed allowed domains, the widget stays hidden on any other site. Deleting the inbox removes the widget
          everywhere.
        </p>
      </section>
      <section className="flex flex-col gap-2">
        <h3 className="font-semibold">2. Identify signed-in users (identity verification)</h3>
        <p className="text-fg-muted">
          Anonymous visitors keep their conversation in their browser. To give a signed-in customer their history on every
          device, your backend computes <Code>identifierHash</Code> = hex HMAC-SHA256 of their user id, keyed with the HMAC
          token:
        </p>
        <CopyField value={serverSnippet} multiline label="Server code (Node.js)" />
        <p className="text-fg-muted">Then the page tells the widget who the visitor is:</p>
        <CopyField value={pageSnippet} multiline label="Page code" />
        <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-fg-muted">
          <li>
            A wrong <Code>identifierHash</Code> is refused. Without a hash, the name and email only label the anonymous
            visitor.
          </li>
          <li>
            Turn on <Code>Require verified identity</Code> on the Widget tab to accept messages only from verified users.
          </li>
          <li>Regenerating the HMAC token signs every verified visitor out until your backend uses the new one.</li>
        </ul>
      </section>
    </div>
  );
}

const helpByChannel: Partial<Record<ChannelType, (p: HelpProps) => ReactNode>> = {
  website: WebsiteHelp,
  api: ApiHelp,
  line: LineHelp,
  telegram: TelegramHelp,
  sms: SmsHelp,
  whatsapp: (p) => <MetaHelp channel="whatsapp" webhookUrl={p.webhookUrl} />,
  facebook: (p) => <MetaHelp channel="facebook" webhookUrl={p.webhookUrl} />,
  instagram: (p) => <MetaHelp channel="instagram" webhookUrl={p.webhookUrl} />,
};

/** How to wire the provider or the integrator's code to this inbox, per channel type. */
export function IntegrationHelp({ type, ...props }: HelpProps & { type: string }) {
  const Help = helpByChannel[type as ChannelType];
  return Help ? <Help {...props} /> : null;
}

export function hasIntegrationHelp(type: string) {
  return type in helpByChannel;
}
