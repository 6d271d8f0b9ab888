import "server-only";
import { MediaTooLargeError } from "../shared/download";
import type { FetchedMedia } from "../types";
import { callBot, downloadFile, MAX_DOWNLOAD_BYTES, TelegramApiError } from "./client";
import { fetchRefusal } from "./errors";
import { fileResult } from "./schema";

/**
 * getFile → file_path → bytes (a message's file, or a profile picture). Telegram keeps the
 * download link valid for at least an hour, so we fetch at once.
 */
export async function download(token: string, fileId: string, what: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
  try {
    const f = await callBot(token, "getFile", fileResult, { file_id: fileId });
    if (f.file_size && f.file_size > MAX_DOWNLOAD_BYTES) throw new MediaTooLargeError(f.file_size, MAX_DOWNLOAD_BYTES);
    if (!f.file_path) throw new TelegramApiError(400, "Telegram gave no download path for this file");
    return await downloadFile(token, f.file_path);
  } catch (e) {
    if (e instanceof TelegramApiError) throw fetchRefusal(e, what);
    throw e;
  }
}

/** An inbound message's file (ref = file_id). */
export async function fetchTelegramFile(token: string, fileId: string): Promise<FetchedMedia> {
  return download(token, fileId, "this file");
}
