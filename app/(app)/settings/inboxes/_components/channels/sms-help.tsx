import { CopyField } from "@/components/ui/copy-field";
import { Code, Step } from "./help-parts";
import type { ChannelHelpProps } from "./types";

function TwilioHelp({ webhookUrl, config }: ChannelHelpProps & { webhookUrl: string }) {
  const viaService = typeof config.messagingServiceSid === "string" && config.messagingServiceSid !== "";
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <Step title="1. Send incoming texts to Konversio">
        {viaService ? (
          <p className="text-fg-muted">
            In the Twilio Console, open <Code>Messaging → Services</Code> → your service → <Code>Integration</Code>. Choose{" "}
            <Code>Send a webhook</Code> and paste the URL below as <Code>Request URL</Code> (method <Code>HTTP POST</Code>).
          </p>
        ) : (
          <p className="text-fg-muted">
            In the Twilio Console, open <Code>Phone Numbers → Manage → Active numbers</Code> → your number. Under{" "}
            <Code>Messaging Configuration</Code>, set <Code>A message comes in</Code> to <Code>Webhook</Code>, paste the URL
            below and keep <Code>HTTP POST</Code>. If the number belongs to a Messaging Service, set it on the service instead.
          </p>
        )}
        <CopyField value={webhookUrl} label="Webhook URL for Twilio" />
      </Step>
      <Step title="2. Delivery ticks">
        <p className="text-fg-muted">
          Nothing to set up: every reply asks Twilio to report its status (sent, delivered, failed) to the same URL.
        </p>
      </Step>
      <Step title="Good to know">
        <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-fg-muted">
          <li>
            Twilio signs every request with your Auth Token for this exact URL; anything else is refused. Behind a proxy,{" "}
            <Code>APP_URL</Code> must be the public address Twilio calls.
          </li>
          <li>Pictures customers send (MMS) appear in the conversation. Agents can reply with images; other files cannot go by text message.</li>
          <li>Customers who reply STOP are opted out by Twilio; replies to them fail with that reason until they text START.</li>
        </ul>
      </Step>
    </div>
  );
}

function BandwidthHelp({ webhookUrl }: { webhookUrl: string }) {
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <Step title="1. Point your Messaging application at Konversio">
        <p className="text-fg-muted">
          In the Bandwidth App, open <Code>Applications</Code> → your Messaging application and paste this URL into both{" "}
          <Code>Inbound callback URL</Code> and <Code>Status callback URL</Code>: one address receives both.
        </p>
        <CopyField value={webhookUrl} label="Inbound and status callback URL" />
      </Step>
      <Step title="2. Set the callback credentials">
        <p className="text-fg-muted">
          Under <Code>Callback credentials</Code> on the same page, enter the callback user name and password shown
          above. Bandwidth sends them with every callback; Konversio refuses callbacks without them. If you
          regenerate one, update Bandwidth right away.
        </p>
      </Step>
      <Step title="3. Route the number">
        <p className="text-fg-muted">
          The phone number must sit in a location (sub-account) linked to this application, or its texts go elsewhere.
        </p>
      </Step>
      <Step title="Good to know">
        <ul className="flex list-disc flex-col gap-1 pl-5 text-sm text-fg-muted">
          <li>Delivered and failed reports update the ticks on agents&apos; replies.</li>
          <li>Pictures and files customers send (MMS) appear in the conversation; agents&apos; attachments are sent as MMS (3.5 MB at most).</li>
        </ul>
      </Step>
    </div>
  );
}

/** What to paste into the provider's console for an SMS inbox, per provider. */
export function SmsHelp({ webhookUrl, config }: ChannelHelpProps) {
  if (!webhookUrl) return null;
  return config.provider === "bandwidth" ? <BandwidthHelp webhookUrl={webhookUrl} /> : <TwilioHelp webhookUrl={webhookUrl} config={config} />;
}
