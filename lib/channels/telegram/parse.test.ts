import { describe, expect, it } from "vitest";
import { FAKE_CUSTOMER, messageUpdate, updates } from "@/e2e/fakes/telegram";
import type { InboundEvent } from "../types";
import { parseUpdate } from "./parse";

const BOT_ID = "7000001";
const parse = (body: unknown) => parseUpdate(Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), BOT_ID);

function onlyMessage(body: unknown) {
  const r = parse(body);
  expect(r.ok).toBe(true);
  if (!r.ok) throw new Error("unreachable");
  expect(r.events).toHaveLength(1);
  return r.events[0] as Extract<InboundEvent, { type: "message" }>;
}

function ignored(body: unknown) {
  expect(parse(body)).toEqual({ ok: true, events: [] });
}

describe("Telegram update parsing", () => {
  it("turns a private text message into a message from the chat's user, with <chat>:<message> as its id", () => {
    const update = messageUpdate({ text: "Hi, is my order on its way?" }, { messageId: 77 });
    const e = onlyMessage(update);
    expect(e.contact).toEqual({ sourceId: String(FAKE_CUSTOMER.id), name: "Tanya Ivanova" });
    expect(e.message.sourceId).toBe(`${FAKE_CUSTOMER.id}:77`);
    expect(e.message.content).toBe("Hi, is my order on its way?");
    expect(e.message.media).toBeUndefined();
    expect(e.message.createdAt).toEqual(new Date(update.message!.date * 1000));
  });

  it("names a user without a first/last name by @username", () => {
    const e = onlyMessage(messageUpdate({ text: "yo" }, { from: { id: 5, first_name: "", username: "nameless" } }));
    expect(e.contact.name).toBe("@nameless");
  });

  it("keeps the largest photo size as an image ref and the caption as content", () => {
    const e = onlyMessage(updates.photo("The box arrived broken"));
    expect(e.message.content).toBe("The box arrived broken");
    expect(e.message.media).toEqual([{ ref: "photo-large", kind: "image", contentType: "image/jpeg" }]);
  });

  it("maps documents, audio, voice, video, video notes and GIFs to media refs of the right kind", () => {
    const doc = onlyMessage(messageUpdate({ document: { file_id: "d1", file_unique_id: "u", file_name: "invoice.pdf", mime_type: "application/pdf" } }));
    expect(doc.message.media).toEqual([{ ref: "d1", kind: "file", name: "invoice.pdf", contentType: "application/pdf" }]);
    const imageDoc = onlyMessage(messageUpdate({ document: { file_id: "d2", file_unique_id: "u", file_name: "scan.png", mime_type: "image/png" } }));
    expect(imageDoc.message.media![0]!.kind).toBe("image");
    const voice = onlyMessage(messageUpdate({ voice: { file_id: "v1", file_unique_id: "u", duration: 3, mime_type: "audio/ogg" } }));
    expect(voice.message.media).toEqual([{ ref: "v1", kind: "audio", name: "Voice message.ogg", contentType: "audio/ogg" }]);
    const audio = onlyMessage(messageUpdate({ audio: { file_id: "a1", file_unique_id: "u", duration: 200, performer: "Band", title: "Song", mime_type: "audio/mpeg" } }));
    expect(audio.message.media).toEqual([{ ref: "a1", kind: "audio", name: "Band – Song", contentType: "audio/mpeg" }]);
    const video = onlyMessage(messageUpdate({ video: { file_id: "vid", file_unique_id: "u", width: 1, height: 1, duration: 1 }, caption: "look" }));
    expect(video.message).toMatchObject({ content: "look", media: [{ ref: "vid", kind: "video", contentType: "video/mp4" }] });
    const note = onlyMessage(messageUpdate({ video_note: { file_id: "vn", file_unique_id: "u", length: 240, duration: 4 } }));
    expect(note.message.media).toEqual([{ ref: "vn", kind: "video", name: "Video message.mp4", contentType: "video/mp4" }]);
    // A GIF comes as animation plus a legacy document copy: one ref, not two.
    const gif = onlyMessage(
      messageUpdate({
        animation: { file_id: "g1", file_unique_id: "u", width: 1, height: 1, duration: 1, mime_type: "video/mp4", file_name: "cat.mp4" },
        document: { file_id: "g1", file_unique_id: "u", mime_type: "video/mp4", file_name: "cat.mp4" },
      }),
    );
    expect(gif.message.media).toEqual([{ ref: "g1", kind: "video", name: "cat.mp4", contentType: "video/mp4" }]);
  });

  it("shows a static sticker as an image and an animated or video sticker as its emoji", () => {
    const still = onlyMessage(messageUpdate({ sticker: { file_id: "st1", file_unique_id: "u", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "😀" } }));
    expect(still.message).toMatchObject({ content: "", media: [{ ref: "st1", kind: "sticker", contentType: "image/webp" }] });
    const animated = onlyMessage(messageUpdate({ sticker: { file_id: "st2", file_unique_id: "u", type: "regular", width: 512, height: 512, is_animated: true, is_video: false, emoji: "🎉" } }));
    expect(animated.message.content).toBe("Sticker 🎉");
    expect(animated.message.media).toBeUndefined();
    const video = onlyMessage(messageUpdate({ sticker: { file_id: "st3", file_unique_id: "u", type: "regular", width: 512, height: 512, is_animated: false, is_video: true } }));
    expect(video.message.content).toBe("Sticker");
  });

  it("writes locations and venues as text with an OpenStreetMap link, and contacts as name and number", () => {
    const loc = onlyMessage(messageUpdate({ location: { latitude: 52.520008, longitude: 13.404954 } }));
    expect(loc.message.content).toBe("Location: https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954#map=16/52.520008/13.404954");
    const venue = onlyMessage(
      messageUpdate({ venue: { location: { latitude: 48.8584, longitude: 2.2945 }, title: "Eiffel Tower", address: "Champ de Mars, Paris" }, location: { latitude: 48.8584, longitude: 2.2945 } }),
    );
    expect(venue.message.content).toBe("Venue: Eiffel Tower\nChamp de Mars, Paris\nhttps://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945#map=16/48.8584/2.2945");
    const card = onlyMessage(messageUpdate({ contact: { phone_number: "+4915112345678", first_name: "Max", last_name: "Muster" } }));
    expect(card.message.content).toBe("Contact: Max Muster, +4915112345678");
    expect(card.contact.phone).toBeUndefined();
    // Sharing one's own card tells us the customer's number.
    const own = onlyMessage(messageUpdate({ contact: { phone_number: "+441234", first_name: "Tanya", user_id: FAKE_CUSTOMER.id } }));
    expect(own.contact.phone).toBe("+441234");
  });

  it("stores a text edit as a new '(edited)' message and ignores edits without text (live-location moves)", () => {
    const edit = messageUpdate({ text: "Order #1234, not #1243" }, { messageId: 90, edited: true });
    const e = onlyMessage(edit);
    const editDate = edit.edited_message!.edit_date!;
    expect(e.message.sourceId).toBe(`${FAKE_CUSTOMER.id}:90:edit:${editDate}`);
    expect(e.message.content).toBe("(edited) Order #1234, not #1243");
    expect(e.message.createdAt).toEqual(new Date(editDate * 1000));
    ignored(messageUpdate({ location: { latitude: 1, longitude: 2, live_period: 900 } }, { edited: true }));
  });

  it("ignores group, supergroup and channel chats, bots (this bot included), service messages and other update kinds", () => {
    ignored(messageUpdate({ text: "hi all" }, { chatType: "group" }));
    ignored(messageUpdate({ text: "hi all" }, { chatType: "supergroup" }));
    ignored({ update_id: 1, channel_post: { message_id: 1, chat: { id: -100, type: "channel" }, date: 1, text: "news" } });
    ignored(messageUpdate({ text: "I am a bot" }, { from: { id: 99, first_name: "Other bot", is_bot: true } }));
    ignored(messageUpdate({ text: "echo" }, { from: { id: Number(BOT_ID), first_name: "Acme Support" } }));
    ignored(messageUpdate({ pinned_message: { message_id: 3, chat: { id: 1, type: "private" }, date: 1 } }));
    ignored({ update_id: 2, callback_query: { id: "cb", from: { id: 1, is_bot: false, first_name: "A" }, data: "x" } });
    ignored({ update_id: 3, my_chat_member: { chat: { id: 1, type: "private" } } });
  });

  it("reports malformed bodies as issues instead of throwing", () => {
    expect(parse("{not json")).toEqual({ ok: false, issues: ["Body is not valid JSON"] });
    const r = parse({ update_id: "seven", message: { text: "no ids" } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.join(" ")).toMatch(/update_id/);
    expect(parse([]).ok).toBe(false);
    expect(parse("null").ok).toBe(false);
  });
});
