import { h, icon, ICONS } from "./dom";
import { ACCEPT, fileSize } from "./format";
import type { Attachment } from "./types";

/** A file picked in the composer: uploading, uploaded (has an id) or refused (has an error). */
export type PendingFile = { key: string; name: string; size: number; progress: number; id?: string; attachment?: Attachment; error?: string };

export type ComposerHandlers = {
  submit(): void;
  pick(files: FileList): void;
  remove(key: string): void;
};

/** The text box, paperclip and send button, plus the chips of files about to be sent. Built once, kept across renders. */
export function buildComposer(on: ComposerHandlers) {
  const files = h("ul", { class: "fl", "aria-label": "Files to send", hidden: true });
  const input = h("input", {
    type: "file",
    multiple: true,
    accept: ACCEPT,
    class: "sr",
    tabindex: -1,
    "aria-hidden": "true",
    "data-testid": "kw-file-input",
  });
  input.addEventListener("change", () => {
    if (input.files?.length) on.pick(input.files);
    input.value = "";
  });
  const attach = h("button", {
    type: "button",
    class: "ab",
    "aria-label": "Attach a file",
    title: "Attach a file (images, PDF, documents — up to 10 MB)",
    onclick: () => input.click(),
  });
  attach.append(icon(ICONS.clip));
  const box = h("textarea", {
    id: "kw-composer",
    rows: 1,
    maxlength: 5000,
    placeholder: "Write a message…",
    "aria-describedby": "kw-hint",
    enterkeyhint: "send",
  });
  const grow = () => {
    box.style.height = "auto";
    box.style.height = `${Math.max(40, Math.min(box.scrollHeight + 2, 120))}px`;
  };
  box.addEventListener("input", () => {
    grow();
    sync();
  });
  box.addEventListener("keydown", (e) => {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      on.submit();
    }
  });
  const send = h("button", { type: "submit", class: "sb", "aria-label": "Send message" });
  send.append(icon(ICONS.send));
  const form = h(
    "form",
    { class: "cp", onsubmit: (e: Event) => (e.preventDefault(), on.submit()) },
    input,
    attach,
    h("label", { for: "kw-composer", class: "sr" }, "Message"),
    box,
    h("span", { id: "kw-hint", class: "sr" }, "Enter sends, Shift+Enter starts a new line."),
    send,
  );

  let enabled = false;
  let pending: PendingFile[] = [];
  function sync() {
    const uploading = pending.some((f) => !f.id && !f.error);
    const ready = pending.some((f) => f.id);
    attach.disabled = !enabled;
    send.disabled = !enabled || uploading || (!box.value.trim() && !ready);
  }

  return {
    el: h("div", null, files, form),
    box,
    attach,
    clear() {
      box.value = "";
      box.style.height = "";
      sync();
    },
    setEnabled(on: boolean) {
      enabled = on;
      sync();
    },
    setFiles(list: PendingFile[]) {
      pending = list;
      files.hidden = list.length === 0;
      files.replaceChildren(
        ...list.map((f) => {
          const remove = h("button", { type: "button", "aria-label": `Remove ${f.name}`, onclick: () => on.remove(f.key) });
          remove.append(icon(ICONS.x));
          return h(
            "li",
            { class: f.error ? "bad" : null },
            h("span", { class: "fn", title: f.name }, f.name),
            h("span", { class: "fs" }, f.error ?? (f.id ? fileSize(f.size) : `Uploading… ${Math.round(f.progress * 100)}%`)),
            remove,
          );
        }),
      );
      sync();
    },
  };
}

export type Composer = ReturnType<typeof buildComposer>;
