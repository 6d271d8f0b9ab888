import type { ReactNode } from "react";
import { Code } from "./help-parts";
import type { ChannelHelpProps } from "./types";

/*
 * What to paste where in the Meta developer dashboard, for WhatsApp, Messenger and Instagram.
 * The webhook URL and verify token themselves are shown above this guide with copy buttons.
 */

type Guide = { product: string; steps: ReactNode[]; fields: string; note?: ReactNode };

const GUIDES: Record<"whatsapp" | "facebook" | "instagram", Guide> = {
  whatsapp: {
    product: "WhatsApp",
    steps: [
      <>Open your app in the Meta developer dashboard and go to <strong>WhatsApp → Configuration</strong>.</>,
      <>
        Under <strong>Webhook</strong>, click <strong>Edit</strong>: paste the webhook URL as the <strong>Callback URL</strong>{" "}
        and the verify token as the <strong>Verify token</strong>, then <strong>Verify and save</strong>.
      </>,
    ],
    fields: "messages",
    note: (
      <>
        Replies outside the 24-hour customer service window are refused by WhatsApp; the agent sees why on the message.
      </>
    ),
  },
  facebook: {
    product: "Messenger",
    steps: [
      <>Open your app in the Meta developer dashboard and go to <strong>Messenger → Settings</strong> (Messenger API Settings).</>,
      <>
        Under <strong>Configure webhooks</strong>: paste the webhook URL as the <strong>Callback URL</strong> and the verify token
        as the <strong>Verify token</strong>, then <strong>Verify and save</strong>.
      </>,
      <>Under <strong>Webhooks</strong>, add a subscription for your Page.</>,
    ],
    fields: "messages, message_deliveries, message_reads, message_echoes, messaging_postbacks",
  },
  instagram: {
    product: "Instagram",
    steps: [
      <>Open your app in the Meta developer dashboard and go to <strong>Instagram → API setup</strong> (or Webhooks).</>,
      <>
        Under <strong>Configure webhooks</strong>: paste the webhook URL as the <strong>Callback URL</strong> and the verify token
        as the <strong>Verify token</strong>, then <strong>Verify and save</strong>.
      </>,
      <>In the Instagram app, allow access to messages: Settings → Privacy → Messages → Connected tools.</>,
    ],
    fields: "messages, messaging_seen, messaging_postbacks, message_reactions",
  },
};

function MetaHelp({ guide: g, webhookUrl }: { guide: Guide; webhookUrl: string | null }) {
  if (!webhookUrl) return null;
  return (
    <div className="flex flex-col gap-4 text-base text-fg">
      <ol className="flex list-decimal flex-col gap-2 pl-5 text-fg-muted">
        {g.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
        <li>
          Subscribe to the webhook field{g.fields.includes(",") ? "s" : ""}: {g.fields.split(", ").map((f, i) => (
            <span key={f}>
              {i > 0 && ", "}
              <Code>{f}</Code>
            </span>
          ))}
          .
        </li>
      </ol>
      <p className="text-sm text-fg-muted">
        Meta calls the Callback URL once with the verify token to confirm it; after that every {g.product} message arrives
        signed with your app secret, and Konversio rejects anything that is not. {g.note}
      </p>
    </div>
  );
}

export const WhatsappHelp = ({ webhookUrl }: ChannelHelpProps) => <MetaHelp guide={GUIDES.whatsapp} webhookUrl={webhookUrl} />;
export const FacebookHelp = ({ webhookUrl }: ChannelHelpProps) => <MetaHelp guide={GUIDES.facebook} webhookUrl={webhookUrl} />;
export const InstagramHelp = ({ webhookUrl }: ChannelHelpProps) => <MetaHelp guide={GUIDES.instagram} webhookUrl={webhookUrl} />;
