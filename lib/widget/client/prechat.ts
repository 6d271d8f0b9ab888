import { h } from "./dom";
import { looksLikeEmail } from "./format";

export type PrechatResult = { ok: true } | { ok: false; field?: "name" | "email"; message: string };

/**
 * "Ask for an email before the first message": name (optional) and email, checked here for typos
 * and by the server for real. Built once and kept, so what the visitor typed survives re-renders.
 */
export function buildPrechat(submit: (name: string | null, email: string) => Promise<PrechatResult>) {
  const field = (id: string, label: (Node | string)[], attrs: Record<string, string | number | boolean>) => {
    const input = h("input", { id, ...attrs, "aria-describedby": `${id}-err` });
    const error = h("p", { id: `${id}-err`, class: "fe", hidden: true });
    return { input, error, el: h("div", { class: "pf" }, h("label", { for: id }, ...label), input, error) };
  };
  const name = field("kw-pc-name", ["Name ", h("span", null, "(optional)")], { autocomplete: "name", maxlength: 255, enterkeyhint: "next" });
  const email = field("kw-pc-email", ["Email"], {
    type: "email",
    autocomplete: "email",
    inputmode: "email",
    maxlength: 320,
    required: true,
    spellcheck: false,
    enterkeyhint: "go",
  });
  const button = h("button", { type: "submit", class: "pb" }, "Start chat");
  const formError = h("p", { class: "fe", role: "alert", hidden: true });

  const show = (f: typeof name | null, message: string | null) => {
    for (const x of [name, email]) {
      const mine = x === f && message;
      x.error.hidden = !mine;
      x.error.textContent = mine ? message : "";
      x.input.setAttribute("aria-invalid", mine ? "true" : "false");
    }
    formError.hidden = f !== null || !message;
    formError.textContent = f === null && message ? message : "";
    if (f && message) f.input.focus();
  };

  let busy = false;
  const form = h(
    "form",
    { class: "pc", novalidate: true, "aria-labelledby": "kw-pc-title", "aria-describedby": "kw-pc-sub" },
    h("p", { id: "kw-pc-title", class: "pct" }, "Before we start"),
    h("p", { id: "kw-pc-sub", class: "pcs" }, "Leave your email so we can reply even if you close this page."),
    name.el,
    email.el,
    formError,
    button,
  );
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    const n = name.input.value.trim();
    const m = email.input.value.trim();
    if (!m) return show(email, "Enter your email address");
    if (!looksLikeEmail(m)) return show(email, "Enter a valid email address, like name@example.com");
    show(null, null);
    busy = true;
    button.disabled = true;
    button.textContent = "Starting…";
    const res = await submit(n || null, m);
    busy = false;
    button.disabled = false;
    button.textContent = "Start chat";
    if (!res.ok) show(res.field === "name" ? name : res.field === "email" ? email : null, res.message);
  };
  form.addEventListener("submit", (e) => void onSubmit(e));

  return { el: form, focus: () => name.input.focus({ preventScroll: true }) };
}
