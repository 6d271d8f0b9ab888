import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";

export type ReceivedEvent = { body: string; json: { event: string; id: string; createdAt: string; data: Record<string, unknown> }; signature: string; timestamp: string };

/** A local stand-in for an integrator's callback endpoint (the api channel's callbackUrl). */
export async function startCallbackReceiver() {
  const events: ReceivedEvent[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      events.push({
        body,
        json: JSON.parse(body),
        signature: String(req.headers["x-konversio-signature"] ?? ""),
        timestamp: String(req.headers["x-konversio-timestamp"] ?? ""),
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/konversio`,
    events,
    verify: (e: ReceivedEvent, secret: string) =>
      e.signature === "sha256=" + createHmac("sha256", secret).update(`${e.timestamp}.${e.body}`).digest("hex"),
    close: () => new Promise((r) => server.close(r)),
  };
}
