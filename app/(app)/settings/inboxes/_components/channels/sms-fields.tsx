"use client";

import { useState, type ReactNode } from "react";
import { RadioCards } from "@/components/ui/radio-cards";
import { ConfigInput } from "./config-input";
import { text } from "./config-values";
import { SecretInput } from "./secret-input";
import type { ChannelFieldsProps } from "./types";

type Provider = "twilio" | "bandwidth";
type Sender = "number" | "service";

type SecretsProps = Pick<ChannelFieldsProps, "mode" | "masked" | "error">;

/** SMS credentials: in edit mode the placeholder always says that empty keeps the stored value. */
function Secret(p: { field: string; label: string; help: ReactNode } & SecretsProps) {
  return <SecretInput {...p} showStored autoComplete="new-password" placeholder={p.mode === "edit" ? "Leave empty to keep the stored value" : undefined} />;
}

function TwilioFields({ mode, config, error }: ChannelFieldsProps) {
  const [sender, setSender] = useState<Sender>(text(config?.messagingServiceSid) ? "service" : "number");
  return (
    <>
      <ConfigInput
        field="accountSid"
        label="Account SID"
        required
        help="Twilio Console → Account Dashboard, under Account Info. It starts with AC."
        spellCheck={false}
        placeholder="AC…"
        className="font-mono"
        config={config}
        error={error}
      />
      {mode === "create" && <TwilioSecrets mode="create" error={error} />}
      <RadioCards<Sender>
        legend="Send replies from"
        value={sender}
        onChange={setSender}
        compact
        options={[
          { value: "number", label: "A phone number" },
          { value: "service", label: "A Messaging Service" },
        ]}
      />
      {sender === "number" ? (
        <ConfigInput
          field="phoneNumber"
          label="Twilio phone number"
          required
          help="Phone Numbers → Manage → Active numbers. Use the international format with +."
          type="tel"
          placeholder="+14155550123"
          className="tabular-nums"
          config={config}
          error={error}
        />
      ) : (
        <ConfigInput
          field="messagingServiceSid"
          label="Messaging Service SID"
          required
          help="Messaging → Services → your service. It starts with MG. Twilio picks the sending number from the service's sender pool."
          spellCheck={false}
          placeholder="MG…"
          className="font-mono"
          config={config}
          error={error}
        />
      )}
      {/* The unused choice is sent empty, so switching from one to the other replaces it. */}
      <input type="hidden" name={sender === "number" ? "channel.messagingServiceSid" : "channel.phoneNumber"} value="" />
    </>
  );
}

function BandwidthFields({ mode, config, error }: ChannelFieldsProps) {
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <ConfigInput
          field="accountId"
          label="Account ID"
          required
          help="Bandwidth App: the account number shown at the top right, e.g. 9900000."
          inputMode="numeric"
          placeholder="9900000"
          className="tabular-nums"
          config={config}
          error={error}
        />
        <ConfigInput
          field="phoneNumber"
          label="Bandwidth phone number"
          required
          help="A number on the application's location (Numbers), with +."
          type="tel"
          placeholder="+19195550142"
          className="tabular-nums"
          config={config}
          error={error}
        />
      </div>
      <ConfigInput
        field="applicationId"
        label="Application ID"
        required
        help="Applications → your Messaging application → Application ID. Its location must hold the phone number."
        spellCheck={false}
        placeholder="93de2206-9669-4e07-948d-329f4b722ee2"
        className="font-mono"
        config={config}
        error={error}
      />
      {mode === "create" && <BandwidthSecrets mode="create" error={error} />}
    </>
  );
}

function TwilioSecrets({ mode, masked, error }: SecretsProps) {
  return (
    <Secret
      mode={mode}
      field="authToken"
      label="Auth Token"
      masked={masked}
      error={error}
      help={
        mode === "create"
          ? "Right below the Account SID in Account Info (click Show). Konversio also uses it to check that webhooks really come from Twilio."
          : "Twilio Console → Account Dashboard → Account Info. After rotating it in Twilio (Auth Tokens → promote the secondary), paste the new one here."
      }
    />
  );
}

function BandwidthSecrets({ mode, masked, error }: SecretsProps) {
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      <Secret
        mode={mode}
        field="apiToken"
        label="API token"
        masked={masked}
        error={error}
        help="Account → API Credentials in the Bandwidth App (the API user's name)."
      />
      <Secret
        mode={mode}
        field="apiSecret"
        label="API secret"
        masked={masked}
        error={error}
        help="Shown once, when the API credentials are created."
      />
    </div>
  );
}

const PROVIDER_LABELS: Record<Provider, string> = { twilio: "Twilio", bandwidth: "Bandwidth" };

/**
 * Create form: the provider choice swaps every field, credentials included. General tab: the
 * provider is fixed (a new provider is a new inbox); its number and ids can change.
 */
export function SmsSettings(props: ChannelFieldsProps) {
  const initial: Provider = props.config?.provider === "bandwidth" ? "bandwidth" : "twilio";
  const [provider, setProvider] = useState<Provider>(initial);

  if (props.mode === "edit") {
    return (
      <>
        <p className="text-sm text-fg-muted">
          Provider: <span className="font-medium text-fg">{PROVIDER_LABELS[initial]}</span>. Credentials are on the
          Configuration tab; to move to another provider, create a new inbox.
        </p>
        {initial === "bandwidth" ? <BandwidthFields {...props} /> : <TwilioFields {...props} />}
      </>
    );
  }

  return (
    <>
      <RadioCards<Provider>
        legend="SMS provider"
        name="channel.provider"
        value={provider}
        onChange={setProvider}
        options={[
          { value: "twilio", label: "Twilio", description: "Programmable Messaging with a Twilio number or Messaging Service." },
          { value: "bandwidth", label: "Bandwidth", description: "Messaging API v2 with a Bandwidth number and application." },
        ]}
      />
      {/* Keyed so switching providers starts from empty fields and errors. */}
      {provider === "twilio" ? <TwilioFields key="twilio" {...props} /> : <BandwidthFields key="bandwidth" {...props} />}
    </>
  );
}

/** Configuration tab: replace the stored credentials of the inbox's provider (empty = keep). */
export function SmsCredentials({ mode, masked, error }: ChannelFieldsProps) {
  // The create form shows the credentials with the provider's other fields (SmsSettings).
  if (mode === "create") return null;
  // Only the inbox's own provider has stored credentials.
  const Secrets = masked?.authToken || !masked?.apiToken ? TwilioSecrets : BandwidthSecrets;
  return <Secrets mode="edit" masked={masked} error={error} />;
}
