import "server-only";
import type { ContactProfile } from "../types";
import { callBot, TelegramApiError } from "./client";
import { fetchRefusal } from "./errors";
import { download } from "./media";
import { chatResult, profilePhotosResult } from "./schema";

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
