import { CopyField } from "@/components/ui/copy-field";
import { Code, Step } from "./help-parts";
import type { ChannelHelpProps } from "./types";

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

/** Embedding the widget and verifying signed-in users' identity. */
export function WebsiteHelp({ embedCode }: ChannelHelpProps) {
  return (
    <div className="flex flex-col gap-5 text-base text-fg">
      <Step title="1. Add the widget to your site">
        <p className="text-fg-muted">
          Paste this embed code just before <Code>{"</body>"}</Code> on every page where visitors may chat. It draws the chat
          button in your colour and loads the chat only when a visitor opens it.
        </p>
        {embedCode && <CopyField value={embedCode} multiline label="Embed code" />}
        <p className="text-sm text-fg-muted">
          If you listed allowed domains, the widget stays hidden on any other site. Deleting the inbox removes the widget
          everywhere.
        </p>
      </Step>
      <Step title="2. Identify signed-in users (identity verification)">
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
      </Step>
    </div>
  );
}
