import { CopyField } from "@/components/ui/copy-field";
import { filled } from "./config-values";
import { Block, Code, Step } from "./help-parts";
import type { ChannelHelpProps } from "./types";

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

/** How the integrator's backend talks to an API inbox, in both directions. */
export function ApiHelp({ webhookUrl, config }: ChannelHelpProps) {
  if (!webhookUrl) return null;
  const callbackUrl = filled(config.callbackUrl);
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <Step title="1. Send a customer's message">
        <p className="text-fg-muted">
          <Code>POST</Code> JSON to the webhook URL. <Code>contact.sourceId</Code> is your id for the customer (their
          messages thread into one conversation); <Code>message.sourceId</Code> is your id for the message (sending it
          twice stores it once).
        </p>
        <Block>{JSON.stringify(JSON.parse(sampleBody), null, 2)}</Block>
        <p className="text-sm text-fg-muted">
          <Code>name</Code>, <Code>email</Code> and <Code>phone</Code> are optional.
        </p>
      </Step>
      <Step title="2. Sign every request">
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
      </Step>
      <Step title="3. Read the answer">
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
      </Step>
      <Step title="4. Receive agents' replies">
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
      </Step>
    </div>
  );
}
