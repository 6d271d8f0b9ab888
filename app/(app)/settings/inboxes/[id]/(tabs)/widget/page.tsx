import { notFound } from "next/navigation";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { widgetOptions } from "@/lib/widget/inbox";
import { GeneratedValues } from "../../../_components/generated-values";
import { loadInbox } from "../../../_components/load-inbox";
import { RequireIdentitySwitch } from "./require-identity-switch";
import { WidgetAppearance } from "./widget-appearance";

export const metadata = { title: "Widget" };

const backendSnippet = (token: string) => `// Node.js — on your server, never in the browser
import { createHmac } from "node:crypto";

const KONVERSIO_HMAC_TOKEN = process.env.KONVERSIO_HMAC_TOKEN; // ${token ? "the token above" : "the HMAC token"}
const identifierHash = createHmac("sha256", KONVERSIO_HMAC_TOKEN)
  .update(String(user.id))
  .digest("hex");`;

const pageSnippet = `<script>
  // After the embed code, once the visitor is signed in to your site:
  window.Konversio.setUser("USER_ID", {
    name: "Jane Doe",
    email: "jane@example.com",
    identifierHash: "HASH_FROM_YOUR_SERVER",
  });
  // On sign-out: window.Konversio.reset();
</script>`;

export default async function InboxWidgetPage({ params }: { params: Promise<{ id: string }> }) {
  const { inbox } = await loadInbox((await params).id);
  if (inbox.status === "deleted") return null; // the layout shows the read-only view
  if (inbox.channelType !== "website") notFound();
  const settings = widgetOptions(inbox.config);
  const websiteUrl = typeof inbox.config.websiteUrl === "string" ? inbox.config.websiteUrl : "";
  const embedCode = typeof inbox.embedCode === "string" ? inbox.embedCode : "";
  const websiteToken = typeof inbox.websiteToken === "string" ? inbox.websiteToken : "";
  const hmacToken = typeof inbox.hmacToken === "string" ? inbox.hmacToken : "";

  return (
    <div className="flex flex-col gap-6">
      <WidgetAppearance
        inbox={{ id: inbox.id, name: inbox.name, websiteUrl, websiteToken }}
        initial={{
          widgetColor: settings.widgetColor,
          welcomeTitle: settings.welcomeTitle,
          welcomeTagline: settings.welcomeTagline,
          replyTime: settings.replyTime,
          position: settings.position,
          preChatEmail: settings.preChatEmail,
        }}
      />

      <Card>
        <CardHeader
          title="Embed code"
          description="Paste this tag just before </body> on every page that should show the chat. It loads a 3 KB script; the chat itself loads only when a visitor opens it."
        />
        <CardBody className="pb-5">
          <CopyField value={embedCode} multiline label="Embed code" />
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Identity verification"
          description="Link chats to your signed-in customers. Your server signs each customer's id with this inbox's HMAC token; a verified customer sees their conversation on every device, and nobody can pose as them."
        />
        <CardBody className="flex flex-col gap-6 pb-5">
          {hmacToken && (
            <GeneratedValues
              inboxId={inbox.id}
              values={[
                {
                  key: "hmacToken",
                  label: "HMAC token",
                  help: "Keep it on your server. Regenerating it signs every verified visitor out.",
                  secret: true,
                  value: hmacToken,
                  regenerable: true,
                },
              ]}
            />
          )}
          <RequireIdentitySwitch id={inbox.id} initial={settings.requireIdentity} />
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium text-fg">1. Compute the hash on your server</span>
            <CopyField value={backendSnippet(hmacToken)} multiline label="Backend snippet" />
            <p className="text-sm text-fg-muted">
              <code className="font-mono text-xs">identifierHash</code> is the hex HMAC-SHA256 of the customer&apos;s id, keyed with the HMAC token.
            </p>
          </div>
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium text-fg">2. Tell the widget who is chatting</span>
            <CopyField value={pageSnippet} multiline label="Page snippet" />
          </div>
        </CardBody>
      </Card>
    </div>
  );
}
