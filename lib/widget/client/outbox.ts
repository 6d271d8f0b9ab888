import type { ApiError } from "./api";
import { fileProblem, MAX_FILES, upsert, uuid } from "./format";
import type { PendingFile } from "./composer";
import { OFFLINE, type Ctx, type Notice } from "./state";
import type { Item } from "./types";

/* What the visitor sends: messages (optimistic, retried) and the files picked for the next one. */

function failNotice(e: ApiError): Notice {
  if (e.status === 429) return { kind: "rate", text: `You're sending messages too quickly. Please wait ${e.retryAfter ?? 60} seconds and try again.` };
  if (e.status === 403) return { kind: "identity", text: e.message || "Please verify your identity to send messages." };
  if (e.status === 410) return { kind: "gone", text: "This chat is no longer available." };
  if (e.status === 404) return { kind: "error", text: "Your chat session expired. Please send your message again." };
  return { kind: "error", text: e.message || "Your message couldn't be sent. Please try again." };
}

export function createOutbox(ctx: Ctx, restart: () => void) {
  const { S, api, ui, known } = ctx;
  const blocked = () => S.cfg.requireIdentity && !!S.visitor && !S.visitor.verified;

  const patchLocal = (clientId: string | undefined, patch: Partial<Item>) => {
    S.items = S.items.map((x) => (x.local && x.clientId === clientId ? { ...x, ...patch } : x));
    ui.list();
  };
  const setNotice = (n: Notice) => {
    S.notice = n;
    ui.bars();
  };

  async function deliver(item: Item) {
    const vt = S.visitor?.token;
    if (!vt || !api) return;
    patchLocal(item.clientId, { local: "sending", offline: false });
    let r;
    try {
      r = await api.send(vt, { content: item.content, clientId: item.clientId!, attachmentIds: item.attachmentIds ?? [] });
    } catch {
      // Kept as "Not sent", and sent again by itself once the connection is back (resend).
      patchLocal(item.clientId, { local: "failed", offline: true });
      S.conn = navigator.onLine ? "Couldn't reach the chat. We'll try again when the connection is back." : OFFLINE;
      ui.bars();
      return;
    }
    if (r.ok) {
      const m = r.data;
      known.add(m.id);
      const i = S.items.findIndex((x) => x.local && x.clientId === item.clientId);
      // In place (its row stays), unless the live feed already brought the message.
      if (i >= 0 && !S.items.some((x) => x.id === m.id)) S.items = S.items.map((x, j) => (j === i ? { ...m, clientId: item.clientId } : x));
      else S.items = upsert(i >= 0 ? S.items.filter((_, j) => j !== i) : S.items, m);
      S.hasConversation = true;
      ui.list();
      if (S.notice && S.notice.kind !== "verify" && S.notice.kind !== "identity") setNotice(null);
      return;
    }
    patchLocal(item.clientId, { local: "failed" });
    setNotice(failNotice(r.error));
    if (r.error.status === 404) restart();
  }

  /** Messages that failed only for want of a connection go out again when it is back. */
  function resend() {
    for (const m of S.items) if (m.local === "failed" && m.offline) void deliver(m);
  }

  function submit() {
    const content = ui.composer.text().trim();
    const ready = S.files.filter((f) => f.id);
    const uploading = S.files.some((f) => !f.id && !f.error);
    if ((!content && !ready.length) || uploading || !S.visitor || blocked() || S.phase !== "ready") return;
    const clientId = uuid();
    const item: Item = {
      id: `local:${clientId}`,
      clientId,
      kind: "incoming",
      content,
      createdAt: new Date().toISOString(),
      sender: null,
      local: "sending",
      attachments: ready.map((f) => f.attachment!).filter(Boolean),
      attachmentIds: ready.map((f) => f.id!),
    };
    S.files = [];
    ui.files();
    ui.composer.clear();
    ui.stick();
    S.items = [...S.items, item];
    ui.list();
    void deliver(item);
  }

  const updateFile = (key: string, patch: Partial<PendingFile>) => {
    S.files = S.files.map((f) => (f.key === key ? { ...f, ...patch } : f));
    ui.files();
  };

  function removeFile(key: string) {
    S.files = S.files.filter((f) => f.key !== key);
    ui.files();
    ui.composer.focus(); // the chip (and its button) is gone: keep focus in the composer
  }

  /** Checks and uploads picked files one by one, each with its own chip (progress, size or the reason it was refused). */
  async function pickFiles(list: FileList) {
    const vt = S.visitor?.token;
    if (!vt || !api) return;
    const room = Math.max(0, MAX_FILES - S.files.filter((f) => !f.error).length);
    const picked = Array.from(list).slice(0, room);
    if (picked.length < list.length) setNotice({ kind: "error", text: `You can send up to ${MAX_FILES} files per message.` });
    for (const file of picked) {
      const key = uuid();
      const problem = fileProblem(file);
      S.files = [...S.files, { key, name: file.name, size: file.size, progress: 0, ...(problem ? { error: problem } : {}) }];
      ui.files();
      if (problem) {
        ui.announce(`${file.name}: ${problem}`);
        continue;
      }
      const refuse = (error: string) => {
        updateFile(key, { error });
        ui.announce(`${file.name}: ${error}`);
      };
      try {
        const r = await api.upload(vt, file, (progress) => updateFile(key, { progress }));
        if (r.ok) updateFile(key, { id: r.data.id, progress: 1, attachment: r.data });
        else refuse(r.error.status === 429 ? "Too many uploads — wait a moment and try again" : r.error.message || "Upload failed");
      } catch {
        refuse("Upload failed — check your connection");
      }
    }
  }

  return { deliver, resend, submit, pickFiles, removeFile, blocked };
}
