/*
 * Reading an inbox's config (an untyped record from the API) in forms and summaries.
 */

/** The value as text, or `fallback` when it is not a string: for inputs' default values. */
export const text = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** The value when it is a non-empty string, else null: for summaries that fall back to other words. */
export const filled = (v: unknown) => (typeof v === "string" && v ? v : null);

/** "https://shop.example.com/path" → "shop.example.com"; what is not a URL is shown as typed. */
export function hostOf(url: unknown) {
  if (typeof url !== "string" || !url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
