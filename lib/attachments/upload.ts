import "server-only";
import { AppError } from "@/lib/errors";
import { BodyTooLargeError, readBodyWithin } from "@/lib/http/body";
import { TOO_LARGE } from "./store";
import { MAX_ATTACHMENT_BYTES } from "./types";

/** Multipart framing around one file: generous, but a body far beyond the file limit is refused unread. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The one file of an upload request (multipart field `file`), with clear 400s for everything else. */
export async function readUploadedFile(req: Request): Promise<{ name: string; bytes: Uint8Array }> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("validation", "Send the file as multipart/form-data in the field `file`");
  }
  let bytes: Buffer;
  try {
    bytes = await readBodyWithin(req, MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new AppError("validation", TOO_LARGE);
    throw new AppError("validation", "The upload could not be read");
  }
  let form: FormData;
  try {
    // Parsed from the bytes already read (and bounded), never from the open stream.
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("validation", "The upload is not valid multipart/form-data");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw new AppError("validation", "Choose a file to upload (field `file`)");
  if (file.size > MAX_ATTACHMENT_BYTES) throw new AppError("validation", TOO_LARGE);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
