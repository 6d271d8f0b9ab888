import { extensionOf } from "../shared/media-types";

/** A readable file name for an MMS part that came without one ("MMS 1.jpg"). */
export function mediaName(index: number, contentType: string | undefined): string {
  const ext = extensionOf(contentType);
  return ext ? `MMS ${index + 1}.${ext}` : `MMS ${index + 1}`;
}
