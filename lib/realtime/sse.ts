import "server-only";

export type SseWriter = {
  /** Raw text (comments, `retry:`); ignored once closed. */
  write(chunk: string): void;
  send(event: string, data: unknown): void;
  /** Ends the stream once: runs `onClose` (unsubscribe, timers), then closes the controller if the client has not. */
  close(): void;
  readonly closed: boolean;
};

/**
 * The writing half of a Server-Sent-Events response, shared by the agents' and the visitors'
 * streams. A write that fails means the client went away between our check and the write (a
 * timer fired late): that closes everything rather than throwing into a timer.
 */
export function sseWriter(controller: ReadableStreamDefaultController<Uint8Array>, onClose: () => void): SseWriter {
  const encoder = new TextEncoder();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
    try {
      controller.close();
    } catch {
      /* already closed by the client */
    }
  };
  const write = (chunk: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  return {
    write,
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    close,
    get closed() {
      return closed;
    },
  };
}
