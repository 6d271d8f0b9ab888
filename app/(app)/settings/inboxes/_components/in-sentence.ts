/** "Webhook secret" → "webhook secret", but "HMAC token" stays: for labels used mid-sentence. */
export function inSentence(label: string) {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}
