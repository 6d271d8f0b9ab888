import { Code, Step } from "./help-parts";
import type { ChannelHelpProps } from "./types";

/** Where, in LINE's consoles, this inbox is wired up (the Configuration tab and the finish page). */
export function LineHelp({ webhookUrl }: ChannelHelpProps) {
  if (!webhookUrl) return null;
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <Step title="1. Send LINE's webhooks to Konversio">
        <ol className="flex list-decimal flex-col gap-1 pl-5 text-fg-muted">
          <li>
            In the LINE Developers console, open your Messaging API channel and go to the <Code>Messaging API</Code> tab.
          </li>
          <li>
            Under <Code>Webhook settings</Code>, click <Code>Edit</Code>, paste this inbox&apos;s webhook URL (above) and click{" "}
            <Code>Update</Code>.
          </li>
          <li>
            Turn on <Code>Use webhook</Code>.
          </li>
          <li>
            Click <Code>Verify</Code>. LINE should answer <Code>Success</Code>. If it reports a <Code>401</Code>, the channel
            secret stored here is not this channel&apos;s: paste it again in Credentials.
          </li>
        </ol>
      </Step>
      <Step title="2. Let your agents do the answering">
        <p className="text-fg-muted">
          In the LINE Official Account Manager, open <Code>Settings → Response settings</Code> and turn off{" "}
          <Code>Auto-response messages</Code> (the same page is linked from <Code>Auto-reply messages</Code> on the
          Messaging API tab). Otherwise customers get LINE&apos;s canned answers on top of your agents&apos; replies.
        </p>
      </Step>
      <Step title="3. Good to know">
        <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-fg-muted">
          <li>
            Customers write to you after adding your account as a friend. One-to-one chats become conversations; group and
            multi-person chats are not imported.
          </li>
          <li>
            Replies are sent as LINE push messages, which count toward your plan&apos;s monthly message allowance. LINE sends
            no delivery or read receipts for them, so a delivered reply shows one tick (sent).
          </li>
          <li>
            JPEG and PNG images are sent as pictures; other files as a download link that works for 24 hours. LINE fetches
            them from this workspace, so it must be reachable over HTTPS.
          </li>
        </ul>
      </Step>
    </div>
  );
}
