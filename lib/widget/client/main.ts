import { createApi } from "./api";
import { startChat } from "./chat";
import { embedded, toParent, connectHost } from "./host";
import { listenForPreview, previewSamples } from "./preview";
import type { PageData } from "./types";
import { unavailable } from "./view";

/*
 * Entry of the visitor chat script (built by scripts/build-widget.mjs into bundle.generated.ts and
 * served at /widget/chat.js). The page (lib/widget/page.ts) inlines its data as JSON.
 */

const mount = document.getElementById("kw-root")!;
let data: PageData;
try {
  data = JSON.parse(document.getElementById("kw-data")!.textContent || "");
} catch {
  data = { state: "not_found" };
}

if (data.state !== "ok") {
  // Still greet the loader, so the Close button can reach it.
  if (embedded()) connectHost({ init() {}, setUser() {}, reset() {}, visibility() {} });
  mount.replaceChildren(unavailable(embedded() ? () => toParent({ type: "close" }) : null));
} else if (data.preview) {
  const initial = data.config;
  const chat = startChat(mount, { token: data.token, config: initial, api: null, samples: previewSamples(initial) });
  // Looks only: nothing in the preview can be focused or clicked.
  mount.inert = true;
  listenForPreview(initial, (cfg) => chat.update(cfg, previewSamples(cfg)));
} else {
  startChat(mount, { token: data.token, config: data.config, api: createApi(data.token) });
}
