"use client";

import { useState, type ReactNode } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ConfigInput } from "./config-input";
import { text } from "./config-values";
import type { ChannelFieldsProps } from "./types";

type Server = { host?: string; port?: number; secure?: boolean; user?: string; mailbox?: string };
const server = (v: unknown): Server => (v && typeof v === "object" ? (v as Server) : {});

/** Address, sender name and signature: shown on the create form and the General tab. */
export function EmailSettings({ config, error }: ChannelFieldsProps) {
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <ConfigInput
          field="email"
          label="Email address"
          required
          help="Customers write to this address; replies are sent from it."
          type="email"
          spellCheck={false}
          placeholder="support@example.com"
          config={config}
          error={error}
        />
        <ConfigInput
          field="displayName"
          label="Sender name"
          hint="Optional"
          help="Shown as the sender of replies, e.g. “Acme Support”."
          maxLength={100}
          placeholder="Acme Support"
          config={config}
          error={error}
        />
      </div>
      <Field
        label="Signature"
        hint="Optional"
        error={error("channel.signature")}
        help={
          <>
            Added below every reply from this inbox. Plain text; <span className="font-medium">**bold**</span> and{" "}
            <span className="italic">*italic*</span> work, and links and email addresses become clickable.
          </>
        }
      >
        <Textarea name="channel.signature" rows={3} maxLength={2000} placeholder={"Acme **Support**\nhttps://acme.example/help"} defaultValue={text(config?.signature)} />
      </Field>
      <ConfigInput
        field="aliases"
        label="Other addresses of this mailbox"
        hint="Optional"
        help="Aliases or forwards your mail provider delivers into this mailbox, separated by commas. Replies never copy them, and mail from them counts as your own (unless it names someone else to reply to)."
        spellCheck={false}
        placeholder="help@example.com, billing@example.com"
        defaultValue={Array.isArray(config?.aliases) ? (config.aliases as string[]).join(", ") : ""}
        config={config}
        error={error}
      />
    </>
  );
}

type ServerFieldsProps = {
  kind: "imap" | "smtp";
  initial: Server;
  mode: ChannelFieldsProps["mode"];
  masked?: string | null;
  error: ChannelFieldsProps["error"];
  /** SMTP with "same login": user and password come from the IMAP fields. */
  sameLogin?: { user: string; password: string };
  onLogin?: (login: { user: string; password: string }) => void;
  /** Shown above the login fields (SMTP's "use the same login" switch). */
  loginToggle?: ReactNode;
};

const PORTS = { imap: { tls: 993, plain: 143 }, smtp: { tls: 465, plain: 587 } };

function ServerFields({ kind, initial, mode, masked, error, sameLogin, onLogin, loginToggle }: ServerFieldsProps) {
  const name = (f: string) => `channel.${kind}.${f}`;
  const [secure, setSecure] = useState(initial.secure ?? true);
  const [port, setPort] = useState(String(initial.port ?? (secure ? PORTS[kind].tls : PORTS[kind].plain)));
  const [user, setUser] = useState(initial.user ?? "");
  const [password, setPassword] = useState("");
  const label = kind === "imap" ? "IMAP" : "SMTP";

  function changeSecurity(next: boolean) {
    setSecure(next);
    // Follow the usual port for the mode unless the admin typed another one.
    if (port === String(PORTS[kind].tls) || port === String(PORTS[kind].plain) || !port) setPort(String(next ? PORTS[kind].tls : PORTS[kind].plain));
  }

  return (
    <fieldset className="flex flex-col gap-4 rounded-md border border-border p-4">
      <legend className="px-1 text-sm font-medium text-fg">{kind === "imap" ? "Incoming mail (IMAP)" : "Outgoing mail (SMTP)"}</legend>
      <div className="grid gap-4 sm:grid-cols-[1fr_6rem]">
        <Field
          label={`${label} server`}
          required
          error={error(name("host"))}
          help={kind === "imap" ? "From your mail provider's “IMAP settings”, e.g. imap.gmail.com or outlook.office365.com." : "From the provider's “SMTP settings”, e.g. smtp.gmail.com or smtp.office365.com."}
        >
          <Input name={name("host")} autoComplete="off" spellCheck={false} placeholder={kind === "imap" ? "imap.example.com" : "smtp.example.com"} defaultValue={initial.host ?? ""} />
        </Field>
        <Field label="Port" required error={error(name("port"))}>
          <Input name={name("port")} inputMode="numeric" autoComplete="off" value={port} onChange={(e) => setPort(e.target.value.replace(/\D/g, "").slice(0, 5))} />
        </Field>
      </div>
      <Field
        label="Security"
        error={error(name("secure"))}
        help={secure ? `TLS from the first byte (port ${PORTS[kind].tls}).` : `Starts plain and switches to TLS with STARTTLS when the server offers it (port ${PORTS[kind].plain}${kind === "smtp" ? " or 25" : ""}).`}
      >
        <Select name={name("secure")} value={secure ? "true" : "false"} onChange={(e) => changeSecurity(e.target.value === "true")}>
          <option value="true">TLS (SSL)</option>
          <option value="false">STARTTLS or none</option>
        </Select>
      </Field>
      {loginToggle}
      {sameLogin ? (
        <>
          <input type="hidden" name={name("user")} value={sameLogin.user} />
          <input type="hidden" name={name("password")} value={sameLogin.password} />
        </>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Username" required error={error(name("user"))} help="Usually the full email address.">
            <Input
              name={name("user")}
              autoComplete="off"
              spellCheck={false}
              value={user}
              onChange={(e) => {
                setUser(e.target.value);
                onLogin?.({ user: e.target.value, password });
              }}
            />
          </Field>
          <Field
            label="Password"
            required={mode === "create"}
            error={error(name("password"))}
            help={
              mode === "edit"
                ? "A password is stored. Leave empty to keep it."
                : kind === "imap"
                  ? "With two-step sign-in (Gmail, Microsoft 365) create an app password for this."
                  : undefined
            }
          >
            <Input
              name={name("password")}
              type="password"
              autoComplete="new-password"
              placeholder={mode === "edit" ? (masked ?? "••••") : undefined}
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                onLogin?.({ user, password: e.target.value });
              }}
            />
          </Field>
        </div>
      )}
      {kind === "imap" && (
        <Field label="Folder" hint="Optional" error={error(name("mailbox"))} help="The folder to follow; INBOX when empty. Only mail that arrives after the inbox is created is imported.">
          <Input name={name("mailbox")} autoComplete="off" spellCheck={false} placeholder="INBOX" defaultValue={initial.mailbox ?? ""} />
        </Field>
      )}
    </fieldset>
  );
}

/** IMAP and SMTP servers and logins: the create form and the Configuration tab (empty password = keep). */
export function EmailCredentials({ mode, config, masked, error }: ChannelFieldsProps) {
  const imap = server(config?.imap);
  const smtp = server(config?.smtp);
  const [same, setSame] = useState(mode === "create" || (!!imap.user && imap.user === smtp.user));
  const [login, setLogin] = useState({ user: imap.user ?? "", password: "" });
  return (
    <>
      <ServerFields kind="imap" initial={imap} mode={mode} masked={masked?.["imap.password"]} error={error} onLogin={setLogin} />
      <ServerFields
        kind="smtp"
        initial={smtp}
        mode={mode}
        masked={masked?.["smtp.password"]}
        error={error}
        sameLogin={same ? login : undefined}
        loginToggle={
          <Checkbox
            checked={same}
            onChange={(e) => setSame(e.target.checked)}
            label="Use the IMAP username and password"
            description="Most providers use one login for both."
          />
        }
      />
    </>
  );
}
