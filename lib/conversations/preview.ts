/** One line for the conversation list. */
export function preview(content: string, attachments?: { name: string }[]): string {
  const text = content.replace(/\s+/g, " ").trim();
  if (text) return text.slice(0, 160);
  if (attachments?.length) return `📎 ${attachments[0]!.name}`;
  return "";
}
