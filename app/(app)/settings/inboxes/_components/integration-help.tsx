import type { ReactNode } from "react";
import { CopyField } from "@/components/ui/copy-field";
import type { ChannelType } from "@/components/channel-icon";

type HelpProps = { webhookUrl: string; callbackUrl?: string };

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

const helpByChannel: Partial<Record<ChannelType, (p: HelpProps) => ReactNode>> = { api: ApiHelp };

/** How to wire the provider or the integrator's code to this inbox, per channel type. */
export function IntegrationHelp({ type, ...props }: HelpProps & { type: string }) {
  const Help = helpByChannel[type as ChannelType];
  return Help ? <Help {...props} /> : null;
}

export function hasIntegrationHelp(type: string) {
  return type in helpByChannel;
}
