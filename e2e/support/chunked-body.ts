/** A chunked body (no Content-Length) that would go on for `total` bytes. */
export function chunked(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
  return { req: new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit), sent: () => sent };
}
