import "server-only";
import { forwardPreview } from "./forwarded";
import { visibleText, type CleanHtml } from "./html";
import { newText } from "./quoted-text";

/**
 * The one line the list shows for a mail: what the sender wrote in it, never the history they
 * quoted nor their signature. A forward shows its note (or whom it forwards). When the HTML part's
 * quoted history was found, the preview is read from the HTML the thread shows, so both agree
 * (Outlook's text part may differ from its HTML); otherwise from the text part.
 */
export function mailPreview(text: string, subject: string | null, html: CleanHtml | null): string {
  const forward = forwardPreview(text, subject);
  if (forward) return forward;
  if (html?.folded) {
    const fromHtml = newText(visibleText(html.html));
    if (fromHtml) return fromHtml;
  }
  return newText(text);
}
