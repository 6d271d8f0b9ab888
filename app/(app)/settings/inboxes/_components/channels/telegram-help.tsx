import { Code, Step } from "./help-parts";
import type { ChannelHelpProps } from "./types";

/** Telegram needs nothing pasted anywhere: this explains what Konversio did and what to watch for. */
export function TelegramHelp({ webhookUrl, config }: ChannelHelpProps) {
  if (!webhookUrl) return null;
  const username = typeof config.botUsername === "string" && /^\w{3,64}$/.test(config.botUsername) ? config.botUsername : null;
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      {username && (
        <Step title="Where customers find you">
          <p className="text-fg-muted">
            Link to{" "}
            <a href={`https://t.me/${username}`} target="_blank" rel="noopener noreferrer" className="text-accent-text underline underline-offset-2">
              t.me/{username}
            </a>{" "}
            from your website, emails or order confirmations: it opens a chat with the bot.
          </p>
        </Step>
      )}
      <Step title="Nothing to paste">
        <p className="text-fg-muted">
          Konversio registered the webhook URL with Telegram itself (<Code>setWebhook</Code>), together with a secret token
          that Telegram sends with every update; updates without it are refused. The URL is shown above only so you can see
          where messages arrive.
        </p>
      </Step>
      <Step title="What arrives">
        <ul className="flex list-disc flex-col gap-1 pl-5 text-fg-muted">
          <li>Private chats with the bot: each customer gets a conversation, with their Telegram name and profile picture.</li>
          <li>
            Text, photos, files, voice and audio, videos and stickers; locations arrive as an OpenStreetMap link. An edited
            message arrives again, marked “(edited)”.
          </li>
          <li>Group chats the bot is added to are ignored: a conversation has one customer.</li>
          <li>
            Replies are delivered as messages from the bot, with attachments. Telegram reports no delivery or read receipts,
            so replies stay at “Sent”.
          </li>
        </ul>
      </Step>
      <Step title="Keep the bot for this inbox">
        <ul className="flex list-disc flex-col gap-1 pl-5 text-fg-muted">
          <li>
            A bot has one webhook. Another tool that sets its own webhook or polls <Code>getUpdates</Code> with this token takes
            the messages away from this inbox.
          </li>
          <li>
            If you revoke the token in @BotFather, paste the new one under Credentials: Konversio checks it and registers the
            webhook again. Deleting the inbox removes the webhook.
          </li>
        </ul>
      </Step>
    </div>
  );
}
