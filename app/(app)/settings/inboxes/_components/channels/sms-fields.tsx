"use client";

import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { text } from "./config-values";
import type { ChannelFieldsProps } from "./types";

type Provider = "twilio" | "bandwidth";
type Sender = "number" | "service";


/**
 * A set of radio buttons drawn as cards (or, compact, as a two-way switch); native inputs, so
 * keyboard and forms work as usual.
 */
function RadioCards<T extends string>(props: {
  legend: string;
  name?: string;
  value: T;
  onChange: (v: T) => void;
  options: { value: T; label: string; description?: string }[];
  compact?: boolean;
}) {
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="pb-1.5 text-sm font-medium text-fg">{props.legend}</legend>
      <div className={props.compact ? "flex flex-wrap gap-2" : "grid gap-2 sm:grid-cols-2"}>
        {props.options.map((o) => (
          <label
            key={o.value}
            className={cn(
              "flex cursor-pointer gap-2.5 rounded-md border border-border-strong bg-surface transition-colors hover:bg-hover has-checked:border-accent has-checked:bg-accent-soft",
              props.compact ? "items-center px-3 py-1.5" : "items-start px-3 py-2.5",
            )}
          >
            <input
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
              className={cn("size-4 shrink-0 cursor-pointer accent-accent", !props.compact && "mt-0.5")}
            />
            <span className="flex flex-col gap-0.5">
              <span className="text-base font-medium text-fg">{o.label}</span>
              {o.description && <span className="text-sm text-fg-muted">{o.description}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Secret(props: { name: string; label: string; help: ReactNode; error?: string; masked?: string | null; mode: "create" | "edit" }) {
  return (
    <Field
      label={props.label}
      required={props.mode === "create"}
      hint={props.mode === "edit" && props.masked ? `Stored: ${props.masked}` : undefined}
      error={props.error}
      help={props.help}
    >
      <Input
        name={`channel.${props.name}`}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        placeholder={props.mode === "edit" ? "Leave empty to keep the stored value" : undefined}
      />
    </Field>
  );
}

function TwilioFields({ mode, config, error }: ChannelFieldsProps) {
  const [sender, setSender] = useState<Sender>(text(config?.messagingServiceSid) ? "service" : "number");
  return (
    <>
      <Field
        label="Account SID"
        required
        error={error("channel.accountSid")}
        help="Twilio Console → Account Dashboard, under Account Info. It starts with AC."
      >
        <Input
          name="channel.accountSid"
          autoComplete="off"
          spellCheck={false}
          placeholder="AC…"
          defaultValue={text(config?.accountSid)}
          className="font-mono"
        />
      </Field>
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
        <Field
          label="Twilio phone number"
          required
          error={error("channel.phoneNumber")}
          help="Phone Numbers → Manage → Active numbers. Use the international format with +."
        >
          <Input
            name="channel.phoneNumber"
            type="tel"
            autoComplete="off"
            placeholder="+14155550123"
            defaultValue={text(config?.phoneNumber)}
            className="tabular-nums"
          />
        </Field>
      ) : (
        <Field
          label="Messaging Service SID"
          required
          error={error("channel.messagingServiceSid")}
          help="Messaging → Services → your service. It starts with MG. Twilio picks the sending number from the service's sender pool."
        >
          <Input
            name="channel.messagingServiceSid"
            autoComplete="off"
            spellCheck={false}
            placeholder="MG…"
            defaultValue={text(config?.messagingServiceSid)}
            className="font-mono"
          />
        </Field>
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
        <Field label="Account ID" required error={error("channel.accountId")} help="Bandwidth App: the account number shown at the top right, e.g. 9900000.">
          <Input name="channel.accountId" inputMode="numeric" autoComplete="off" placeholder="9900000" defaultValue={text(config?.accountId)} className="tabular-nums" />
        </Field>
        <Field
          label="Bandwidth phone number"
          required
          error={error("channel.phoneNumber")}
          help="A number on the application's location (Numbers), with +."
        >
          <Input name="channel.phoneNumber" type="tel" autoComplete="off" placeholder="+19195550142" defaultValue={text(config?.phoneNumber)} className="tabular-nums" />
        </Field>
      </div>
      <Field
        label="Application ID"
        required
        error={error("channel.applicationId")}
        help="Applications → your Messaging application → Application ID. Its location must hold the phone number."
      >
        <Input
          name="channel.applicationId"
          autoComplete="off"
          spellCheck={false}
          placeholder="93de2206-9669-4e07-948d-329f4b722ee2"
          defaultValue={text(config?.applicationId)}
          className="font-mono"
        />
      </Field>
      {mode === "create" && <BandwidthSecrets mode="create" error={error} />}
    </>
  );
}

type SecretsProps = Pick<ChannelFieldsProps, "mode" | "masked" | "error">;

function TwilioSecrets({ mode, masked, error }: SecretsProps) {
  return (
    <Secret
      mode={mode}
      name="authToken"
      label="Auth Token"
      masked={masked?.authToken}
      error={error("channel.authToken")}
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
        name="apiToken"
        label="API token"
        masked={masked?.apiToken}
        error={error("channel.apiToken")}
        help="Account → API Credentials in the Bandwidth App (the API user's name)."
      />
      <Secret
        mode={mode}
        name="apiSecret"
        label="API secret"
        masked={masked?.apiSecret}
        error={error("channel.apiSecret")}
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
