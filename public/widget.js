/* Konversio widget loader (docs/widget-protocol.md): plain ES2017, ≤ 3 KB gzipped — see scripts/widget-size.mjs */
(function () {
  "use strict";
  var W = window, D = document, s = D.currentScript;
  if (!s || W.Konversio) return;
  var token = s.getAttribute("data-website-token");
  var origin = new URL(s.src, location.href).origin;
  var KEY = "konversio:" + token;
  var cfg, root, btn, badge, box, frame;
  var isOpen = false, want = false, ready = false, user = null, queue = [];

  function store(v) {
    try { v ? localStorage.setItem(KEY, v) : localStorage.removeItem(KEY); } catch (e) {}
  }
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function post(m) {
    if (ready) frame.contentWindow.postMessage(m, origin); else queue.push(m);
  }
  function fg(hex) {
    var n = parseInt(hex.slice(1), 16), l = [n >> 16, (n >> 8) & 255, n & 255].map(function (c) {
      c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    l = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    return 1.05 / (l + 0.05) >= (l + 0.05) / 0.0566 ? "#fff" : "#111113";
  }

  var ICON_CHAT = '<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 9.3 9.3 0 0 1-3.9-.9L3 20.5l1.5-4.6A8 8 0 0 1 3 11.5 8.4 8.4 0 0 1 12 3a8.4 8.4 0 0 1 9 8.5Z"/></svg>';
  var ICON_DOWN = '<svg viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true"><path d="M6 9l6 6 6-6"/></svg>';

  function label(n) {
    btn.setAttribute("aria-label", isOpen ? "Close chat" : "Open chat" + (n ? ", " + n + " unread message" + (n > 1 ? "s" : "") : ""));
  }
  function unread(n) {
    n = isOpen ? 0 : Math.max(0, n | 0);
    badge.textContent = n > 9 ? "9+" : n;
    badge.hidden = !n;
    label(n);
  }

  function draw() {
    var side = cfg.position === "left" ? "left" : "right";
    var c = /^#[0-9a-f]{6}$/i.test(cfg.widgetColor) ? cfg.widgetColor : "#5753d0";
    var host = D.createElement("div");
    host.id = "konversio-widget";
    // A zero-size host whose children are position:fixed: the host page's layout never moves.
    host.style.cssText = "all:initial;position:fixed;width:0;height:0;overflow:visible;z-index:2147483000";
    root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.innerHTML =
      "<style>" +
      ":host{all:initial}" +
      ".b{position:fixed;bottom:20px;" + side + ":20px;width:56px;height:56px;border:0;border-radius:50%;padding:0;margin:0;cursor:pointer;display:flex;align-items:center;justify-content:center;background:" + c + ";color:" + fg(c) + ";box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .15s ease;z-index:2147483001;-webkit-tap-highlight-color:transparent}" +
      ".b:hover{transform:scale(1.06)}" +
      ".b:focus-visible{outline:3px solid " + c + ";outline-offset:3px}" +
      ".n{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border:2px solid #fff;border-radius:10px;background:#dc2626;color:#fff;font:600 11px/16px system-ui,sans-serif;text-align:center}" +
      ".n[hidden]{display:none}" +
      ".w{position:fixed;bottom:88px;" + side + ":20px;width:380px;height:600px;max-height:calc(100vh - 108px);border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 12px 48px rgba(0,0,0,.24);opacity:0;visibility:hidden;transform:translateY(12px);transition:opacity .2s ease,transform .2s ease,visibility 0s .2s;z-index:2147483000}" +
      ".w.o{opacity:1;visibility:visible;transform:none;transition:opacity .2s ease,transform .2s ease}" +
      "iframe{display:block;width:100%;height:100%;border:0}" +
      "@media (max-width:480px){.w{inset:0;width:100%;height:100%;max-height:none;border-radius:0}.o+.b,.w.o~.b{display:none}}" +
      "@media (prefers-reduced-motion:reduce){.b,.w,.w.o{transition:none}.b:hover{transform:none}}" +
      "</style>" +
      '<div class="w" role="dialog" aria-label="Chat"></div>' +
      '<button class="b" type="button" aria-expanded="false">' + ICON_CHAT + '<span class="n" hidden></span></button>';
    box = root.querySelector(".w");
    btn = root.querySelector(".b");
    badge = root.querySelector(".n");
    box.setAttribute("aria-label", "Chat with " + cfg.name);
    btn.onclick = toggle;
    unread(0);
    D.body.appendChild(host);
    if (want) open();
  }

  function open() {
    want = true;
    if (!btn || isOpen) return;
    isOpen = true;
    if (!frame) {
      frame = D.createElement("iframe");
      frame.src = origin + "/widget/" + encodeURIComponent(token);
      frame.title = "Chat with " + cfg.name;
      frame.allow = "clipboard-write";
      box.appendChild(frame);
    }
    box.classList.add("o");
    btn.innerHTML = ICON_DOWN;
    btn.appendChild(badge);
    btn.setAttribute("aria-expanded", "true");
    unread(0);
    if (ready) { post({ type: "visibility", open: true }); frame.focus(); }
  }
  function close() {
    want = false;
    if (!isOpen) return;
    isOpen = false;
    box.classList.remove("o");
    btn.innerHTML = ICON_CHAT;
    btn.appendChild(badge);
    btn.setAttribute("aria-expanded", "false");
    label(0);
    post({ type: "visibility", open: false });
    if (D.activeElement === root.host || D.activeElement === frame) btn.focus();
  }
  function toggle() { isOpen ? close() : open(); }

  W.addEventListener("message", function (e) {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return;
    var d = e.data || {};
    if (d.type === "ready") {
      ready = true;
      frame.contentWindow.postMessage({ type: "init", visitorToken: stored(), user: user, open: isOpen }, origin);
      queue.splice(0).forEach(post);
      if (isOpen) frame.focus();
    } else if (d.type === "visitorToken" && typeof d.visitorToken == "string") store(d.visitorToken);
    else if (d.type === "unread") unread(d.count);
    else if (d.type === "close") close();
  });

  W.Konversio = {
    open: function () { open(); },
    close: close,
    toggle: function () { toggle(); },
    setUser: function (identifier, o) {
      o = o || {};
      user = { identifier: String(identifier), name: o.name, email: o.email, identifierHash: o.identifierHash };
      if (frame) post({ type: "setUser", user: user });
    },
    reset: function () {
      user = null;
      store(null);
      if (frame) post({ type: "reset" });
    }
  };

  if (!token) return;
  fetch(origin + "/api/widget/config?token=" + encodeURIComponent(token))
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (c) {
      if (!c) return;
      cfg = c;
      D.body ? draw() : D.addEventListener("DOMContentLoaded", draw);
    })
    .catch(function () {}); // unknown (404), deleted (410) or refused (403): render nothing
})();
