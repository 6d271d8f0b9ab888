import "server-only";
import type { ContactProfile, FetchedMedia } from "../types";
import { callBot, downloadFile, MAX_DOWNLOAD_BYTES, TelegramApiError } from "./client";
import { fetchRefusal } from "./errors";
import { chatResult, fileResult, profilePhotosResult } from "./schema";
import { MediaTooLargeError } from "../shared/provider-http";

/** getFile → file_path → bytes. Telegram keeps the download link valid for at least an hour, so we fetch at once. */
async function download(token: string, fileId: string, what: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
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

/**
 * Name and picture of a private chat's user (sourceId = chat id = user id). Bots only see a
 * user's picture if their privacy settings allow it; no picture is not an error.
 */
export async function fetchTelegramProfile(token: string, chatId: string): Promise<ContactProfile | null> {
  try {
    const chat = await callBot(token, "getChat", chatResult, { chat_id: chatId });
    const name = [chat.first_name, chat.last_name].filter(Boolean).join(" ").trim() || (chat.username ? `@${chat.username}` : undefined);
    const photos = await callBot(token, "getUserProfilePhotos", profilePhotosResult, { user_id: Number(chatId), limit: 1 });
    const sizes = photos.photos[0] ?? [];
    // The largest size is at most 640 px: plenty for an avatar, and small.
    const best = sizes.reduce<(typeof sizes)[number] | undefined>((a, b) => (!a || b.width * b.height > a.width * a.height ? b : a), undefined);
    const picture = best ? await download(token, best.file_id, "the contact's profile picture") : undefined;
    return {
      ...(name ? { name } : {}),
      ...(picture ? { avatar: { bytes: picture.bytes, contentType: picture.contentType ?? "image/jpeg" } } : {}),
    };
  } catch (e) {
    if (e instanceof TelegramApiError) throw fetchRefusal(e, "the contact's profile");
    throw e;
  }
}
