"use client";

import { AlertTriangle, FileText, Loader2, X } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { ACCEPT_ATTRIBUTE, formatBytes, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from "@/lib/attachments/types";
import { uploadAttachment, type UploadedFile } from "./api";

export type PendingFile = {
  key: string;
  file: File;
  /** Object URL for image thumbnails; revoked when the chip goes away. */
  preview: string | null;
  state: "uploading" | "ready" | "error";
  uploaded?: UploadedFile;
  error?: string;
};

let seq = 0;

/**
 * Files picked for the next message: each uploads as soon as it is chosen, so sending is
 * instant; a failed upload stays visible with its reason until removed.
 */
export function useComposerFiles(conversationNumber: number) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const aborts = useRef(new Map<string, AbortController>());

  const update = (key: string, patch: Partial<PendingFile>) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  // The latest list for callbacks that outlive a render; set before any event can read it.
  const filesRef = useRef(files);
  useLayoutEffect(() => {
    filesRef.current = files;
  });

  const add = useCallback(
    (list: FileList | File[]) => {
      const picked = Array.from(list);
      if (!picked.length) return;
      const room = Math.max(0, MAX_ATTACHMENTS_PER_MESSAGE - filesRef.current.filter((f) => f.state !== "error").length);
      const entries = picked.slice(0, room).map((file): PendingFile => {
        const key = `f${++seq}`;
        const tooBig = file.size > MAX_ATTACHMENT_BYTES;
        const preview = file.type.startsWith("image/") && !tooBig ? URL.createObjectURL(file) : null;
        if (tooBig) return { key, file, preview, state: "error", error: `Larger than ${formatBytes(MAX_ATTACHMENT_BYTES)}` };
        const ctrl = new AbortController();
        aborts.current.set(key, ctrl);
        uploadAttachment(conversationNumber, file, ctrl.signal)
          .then((uploaded) => update(key, { state: "ready", uploaded }))
          .catch((e: Error) => {
            if (e.name !== "AbortError") update(key, { state: "error", error: e.message });
          })
          .finally(() => aborts.current.delete(key));
        return { key, file, preview, state: "uploading" };
      });
      if (picked.length > room) {
        entries.push({ key: `f${++seq}`, file: picked[room]!, preview: null, state: "error", error: `Up to ${MAX_ATTACHMENTS_PER_MESSAGE} files per message` });
      }
      setFiles((current) => [...current, ...entries]);
    },
    [conversationNumber],
  );

  const remove = (key: string) => {
    aborts.current.get(key)?.abort();
    setFiles((fs) => {
      const gone = fs.find((f) => f.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return fs.filter((f) => f.key !== key);
    });
  };

  const clear = () => {
    setFiles((fs) => {
      for (const f of fs) if (f.preview) URL.revokeObjectURL(f.preview);
      return [];
    });
  };

  // Switching conversations: uploads belong to the conversation they were made for.
  useEffect(
    () => () => {
      for (const c of aborts.current.values()) c.abort();
    },
    [conversationNumber],
  );

  return {
    files,
    add,
    remove,
    clear,
    uploading: files.some((f) => f.state === "uploading"),
    ready: files.filter((f) => f.state === "ready").map((f) => f.uploaded!),
    hasErrors: files.some((f) => f.state === "error"),
  };
}

export const FILE_ACCEPT = ACCEPT_ATTRIBUTE;

export function FileChips({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  if (!files.length) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-1.5 px-3 pt-1">
      {files.map((f) => (
        <li
          key={f.key}
          className={cn(
            "flex min-h-8 items-center gap-1.5 rounded-md border pr-1 pl-1 text-sm",
            // A failure takes a whole row so its reason can be read in full.
            f.state === "error" ? "basis-full border-danger/40 bg-danger-soft py-1 text-danger-text" : "h-8 max-w-60 border-border bg-canvas text-fg",
          )}
          title={f.error ? undefined : f.file.name}
        >
          {f.preview ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local object URL
            <img src={f.preview} alt="" className="size-6 rounded-xs object-cover" />
          ) : f.state === "error" ? (
            <AlertTriangle aria-hidden className="size-3.5 shrink-0" />
          ) : (
            <FileText aria-hidden className="size-3.5 shrink-0 text-fg-subtle" />
          )}
          {f.state === "error" ? (
            <span className="min-w-0 flex-1">
              <span className="font-medium">{f.file.name}</span> — {f.error}
            </span>
          ) : (
            <span className="min-w-0 truncate">{f.file.name}</span>
          )}
          {f.state === "uploading" ? (
            <Loader2 aria-label="Uploading" className="size-3.5 shrink-0 animate-spin text-fg-subtle" />
          ) : f.state === "ready" ? (
            <span className="shrink-0 text-xs text-fg-subtle tabular-nums">{formatBytes(f.file.size)}</span>
          ) : null}
          <button
            type="button"
            onClick={() => onRemove(f.key)}
            aria-label={`Remove ${f.file.name}`}
            className="inline-flex size-5 shrink-0 cursor-pointer items-center justify-center self-center rounded-xs text-current opacity-70 hover:bg-hover hover:opacity-100 [&_svg]:size-3"
          >
            <X aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
