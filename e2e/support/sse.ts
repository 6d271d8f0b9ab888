/** An event's JSON payload; tests wait on these fields and match the rest as a whole. */
export type SseEventData = { [field: string]: unknown; id?: string; conversationId?: string; status?: string };
/** `at`: when the frame arrived (ms since the epoch), for tests that reason about order in time. */
export type SseFrame = { event: string; data: SseEventData; at: number };

/** Reads a Server-Sent-Events byte stream into frames so tests can wait for one. */
export function readSseFrames(stream: ReadableStream<Uint8Array>) {
  const frames: SseFrame[] = [];
  let closed = false;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        closed = true;
        return;
      }
      buffer += decoder.decode(value);
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) frames.push({ event, data: data ? (JSON.parse(data) as SseEventData) : {}, at: Date.now() });
      }
    }
  })().catch(() => {
    closed = true;
  });
  async function waitFor(pred: (f: SseFrame) => boolean, label: string): Promise<SseFrame> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const hit = frames.find(pred);
      if (hit) return hit;
      if (closed) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`stream never sent ${label}; got ${JSON.stringify(frames)}`);
  }
  return { frames, waitFor, isClosed: () => closed, done: pump };
}
