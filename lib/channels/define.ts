import "server-only";
import type { ChannelAdapter, ChannelDefinition, ChannelType, ResolvedChannel, StoredGenerated, WebhookAnswer } from "./types";

/*
 * One channel = one folder under lib/channels/ and one defineChannel() record, listed in
 * registry.ts. File names say the same thing in every folder:
 *   adapter.ts    the defineChannel record (wiring only)
 *   schema.ts     zod: admin input, stored config/secrets, provider payloads
 *   check.ts      the credential check (checkCredentials)
 *   signature.ts  webhook request verification (webhook.verify)
 *   sign.ts       request signing that tests and fakes share (no server-only imports)
 *   parse.ts      inbound payload → events (webhook.parse)
 *   send.ts       outbound replies
 *   client.ts     provider HTTP calls (through shared/http.ts)
 *   media.ts      inbound file downloads (fetchMedia)
 *   profile.ts    contact profiles (fetchProfile)
 *   errors.ts     provider refusals → words an agent or admin can act on
 * A channel may add files for what only it has (email's IMAP sync, Telegram's registration.ts).
 * Provider calls take the credentials (or the inbox) first, then the payload.
 * Shared plumbing lives in shared/: http.ts, errors.ts, media-types.ts, download.ts, parts.ts;
 * meta/ is the Graph API machinery WhatsApp, Messenger and Instagram share.
 */

const OK: WebhookAnswer = { status: 200, body: { ok: true } };

/**
 * Fills in what a channel does not declare: no generated values, no secrets, no webhook (so no
 * webhook URL); a webhook that ignores unparseable bodies and answers `{"ok":true}`.
 */
export function defineChannel<T extends ChannelType, Config, Secrets, Generated extends StoredGenerated = Record<string, never>>(
  def: ChannelDefinition<T, Config, Secrets, Generated>,
): ChannelAdapter<T> {
  const { webhook, ...rest } = def;
  const ack = webhook?.ack ?? OK;
  const resolved: ResolvedChannel<T, Config, Secrets, Generated> = {
    ...rest,
    secretFields: def.secretFields ?? [],
    generate: def.generate ?? (() => ({})),
    internalGenerated: def.internalGenerated ?? [],
    regenerable: def.regenerable ?? [],
    webhook: webhook
      ? { ...webhook, unparseable: webhook.unparseable ?? "ignore", ack, answer: webhook.answer ?? (() => ack) }
      : null,
  };
  // The registry holds every channel under one type, with settings typed as stored. That is safe
  // for this adapter's functions: the config, secrets and generated values they will be given were
  // shaped by this same definition (inputSchema/configSchema when saved, generate() when created).
  return resolved as unknown as ChannelAdapter<T>;
}
