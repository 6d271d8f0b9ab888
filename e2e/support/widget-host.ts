import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type FrameLocator, type Page } from "@playwright/test";

/*
 * A customer's website for the widget specs: a plain node:http server on 127.0.0.1 and a random
 * port — a different origin from the app (which runs on localhost:<port>), exactly like a real
 * site embedding the widget.
 *
 *   /            only the embed code (the "Done when" page)
 *   /shop        the embed code on a small fake shop page (for screenshots)
 *   /identity    the embed code + Konversio.setUser(uid, {name, email, identifierHash}) from the
 *                query string (?uid=&name=&email=&hash=)
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head>\n<body>\n${body}\n</body></html>\n`;

const SHOP = `<style>
  body{margin:0;font:16px/1.5 Georgia,serif;color:#1f2937;background:#fbfaf7}
  header{display:flex;justify-content:space-between;align-items:center;padding:18px 32px;border-bottom:1px solid #e7e5e4}
  header b{font-size:20px;letter-spacing:.5px} nav a{margin-left:20px;color:#57534e;text-decoration:none}
  main{max-width:920px;margin:0 auto;padding:40px 32px}
  h1{font-size:40px;line-height:1.15;margin:0 0 12px} p{color:#57534e;max-width:560px}
  .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px;margin-top:32px}
  .card{background:#fff;border:1px solid #e7e5e4;border-radius:10px;padding:16px}
  .img{height:120px;border-radius:6px;background:linear-gradient(135deg,#d6d3d1,#f5f5f4);margin-bottom:10px}
</style>
<header><b>Northwind Tea</b><nav><a href="#">Shop</a><a href="#">Journal</a><a href="#">Cart (0)</a></nav></header>
<main>
  <h1>Loose-leaf tea, shipped fresh.</h1>
  <p>Small-batch teas from family gardens. Free shipping on orders over €40 — questions? Our team is one click away.</p>
  <div class="grid">
    <div class="card"><div class="img"></div><b>Sencha Kagoshima</b><br>€14</div>
    <div class="card"><div class="img"></div><b>Assam Breakfast</b><br>€11</div>
    <div class="card"><div class="img"></div><b>Darjeeling First Flush</b><br>€19</div>
  </div>
</main>`;

export type WidgetHost = { origin: string; url: (path?: string) => string; close: () => Promise<void> };

export async function serveWidgetHost(embedCode: string): Promise<WidgetHost> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let html: string | null = null;
    if (url.pathname === "/") html = page("Plain page", embedCode);
    else if (url.pathname === "/shop") html = page("Northwind Tea", `${SHOP}\n${embedCode}`);
    else if (url.pathname === "/identity") {
      const q = url.searchParams;
      const args = JSON.stringify([q.get("uid") ?? "", { name: q.get("name") ?? undefined, email: q.get("email") ?? undefined, identifierHash: q.get("hash") ?? undefined }]);
      // The embed script is async; it runs before the load event, so Konversio exists by then.
      const call = `<script>window.addEventListener("load", function () { window.Konversio.setUser.apply(null, ${args.replace(/</g, "\\u003c")}); });</script>`;
      html = page("Signed-in page", `${embedCode}\n${call}`);
    }
    if (html === null) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path = "/") => origin + path,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The loader's launcher (inside its open shadow root — Playwright's locators pierce it). */
export const launcher = (p: Page) => p.locator("#konversio-widget").getByRole("button", { name: /chat/i });

/** The chat iframe the loader injects on first open. */
export const chatFrame = (p: Page): FrameLocator => p.frameLocator('#konversio-widget iframe[title^="Chat with"]');

/** Opens the widget and waits until the chat can take a message. */
export async function openWidget(p: Page): Promise<FrameLocator> {
  await launcher(p).click();
  const frame = chatFrame(p);
  await expect(frame.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(frame.getByRole("list", { name: "Messages" })).toHaveAttribute("aria-busy", "false");
  return frame;
}

/** Types a message in the widget and sends it with Enter. */
export async function sendFromWidget(frame: FrameLocator, text: string) {
  const box = frame.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
  await expect(box).toHaveValue("");
}
