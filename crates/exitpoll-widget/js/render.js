// The survey dialog in a shadow root (WAI-ARIA dialog pattern).
//
// It draws what the wasm engine tells it to (a "view": already resolved to
// the shopper's language and the survey's order) and reports what the
// shopper did. It decides nothing: which question comes next, whether an
// answer is valid, and when to close are the engine's.
//
// Every piece of survey text is set with textContent or an attribute, never
// parsed as HTML. Styles come from a constructable stylesheet, so a strict
// Content Security Policy needs no nonce. Controls are native inputs, so the
// browser gives radio groups their arrow keys and every input its name.

export const HOST_TAG = "exitpoll-widget";
/** The build this renderer belongs to (set by build-pkg); the host loads only its own. */
export const BUILD = typeof __EXITPOLL_BUILD__ === "string" ? __EXITPOLL_BUILD__ : "dev";
const FOCUSABLE = "button, a[href], input, textarea";

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  if (attrs) for (const k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

/**
 * A renderer for the views the widget sends (JSON): `open`, `question`,
 * `invalid`, `thanks`, `close`. `on` has submit(answer|null), dismiss() and
 * log(message); listeners go away when `signal` aborts.
 */
export function createRenderer(on, signal) {
  let dialog = null;
  return {
    render(json) {
      const view = JSON.parse(json);
      switch (view.kind) {
        case "open":
          dialog?.close();
          dialog = new Dialog(view, on, signal);
          break;
        case "question":
          dialog?.question(view);
          break;
        case "invalid":
          dialog?.invalid(view.message);
          break;
        case "thanks":
          dialog?.thanks(view);
          break;
        case "close":
          dialog?.close();
          dialog = null;
          break;
      }
    },
    close() {
      dialog?.close();
      dialog = null;
    },
  };
}

/** One open dialog. */
class Dialog {
  constructor(view, on, signal) {
    this.on = on;
    this.view = view;
    this.ctaUsed = false;
    this.restore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.host = el(HOST_TAG);
    const root = this.host.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [styleSheet()];
    this.root = root;
    const modal = view.position === "center";
    if (modal) root.append(el("div", { class: "ep-backdrop", part: "backdrop" }));
    const d = el("div", {
      class: `ep ep--${view.position}`,
      part: "dialog",
      role: "dialog",
      "aria-labelledby": "ep-title",
      "aria-modal": modal ? "true" : null,
      tabindex: "-1",
      lang: view.locale,
      "data-survey": view.survey_id,
    });
    d.style.setProperty("--ep-config-accent", view.accent);
    d.style.setProperty("--ep-config-font", view.font);
    this.closeButton = el("button", { type: "button", class: "ep-close", part: "close", "aria-label": view.strings.close, "data-ep": "close" }, "\u00d7");
    this.body = el("div", { class: "ep-body" });
    // A live region that exists before it changes, so screen readers announce it.
    this.live = el("p", { class: "ep-sr", role: "status", "aria-live": "polite" });
    d.append(this.closeButton, this.body, this.live);
    root.append(d);
    this.dialog = d;
    const opts = { signal };
    root.addEventListener("submit", (e) => {
      e.preventDefault();
      this.on.submit(this.answer());
    }, opts);
    root.addEventListener("click", (e) => {
      const t = e.target instanceof Element ? e.target.closest("[data-ep]") : null;
      if (!t) return;
      const action = t.getAttribute("data-ep");
      if (action === "close") this.on.dismiss();
      else if (action === "copy") this.copy(t);
      else if (action === "cta") this.ctaUsed = true;
    }, opts);
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.on.dismiss();
      } else if (e.key === "Tab") {
        this.trapTab(e);
      }
    }, opts);
    root.addEventListener("change", (e) => {
      // "Other" reveals its text box only when chosen.
      const other = root.querySelector("[data-ep='other-text']");
      if (other && e.target.name === "ep-q") other.hidden = !(root.querySelector("input[value='__other']") || {}).checked;
    }, opts);
    document.body.append(this.host);
  }

  question(q) {
    const b = this.body;
    this.ctaUsed = false;
    this.kind = q.type;
    this.multiline = !!q.multiline;
    b.textContent = "";
    const s = this.view.strings;
    if (q.total > 1) {
      const track = el("div", { class: "ep-progress", part: "progress", "aria-hidden": "true" });
      const bar = el("div", { class: "ep-bar" });
      bar.style.width = `${Math.round((q.position * 100) / q.total)}%`;
      track.append(bar);
      b.append(track, el("p", { class: "ep-step", part: "step" }, q.progress));
    }
    const form = el("form", { class: "ep-form", part: "form", novalidate: "" });
    form.append(el("h2", { id: "ep-title", class: "ep-title", part: "title" }, q.prompt));
    if (q.description) form.append(el("p", { id: "ep-description", class: "ep-description", part: "description" }, q.description));
    form.append(this.controls(q));
    form.append(el("p", { id: "ep-error", class: "ep-error", part: "error", role: "alert" }));
    const actions = el("div", { class: "ep-actions" });
    actions.append(el("button", { type: "submit", class: "ep-button", part: "button next" }, q.last ? s.submit : s.next));
    form.append(actions);
    b.append(form);
    this.focusFirst();
  }

  controls(q) {
    const wrap = el("div", { class: "ep-fieldset", part: "answers" });
    const described = { "aria-labelledby": "ep-title", "aria-describedby": "ep-error", "aria-required": q.required ? "true" : null };
    const option = (group, type, value, label) => {
      const row = el("label", { class: "ep-option", part: "option" });
      row.append(el("input", { type, name: "ep-q", value }), el("span", null, label));
      group.append(row);
    };
    switch (q.type) {
      case "nps":
      case "rating": {
        const group = el("div", { class: `ep-scale ep-${q.style}`, role: "radiogroup", ...described });
        for (const cell of q.scale) {
          const label = el("label", { class: "ep-cell", part: "option" });
          label.append(el("input", { type: "radio", name: "ep-q", value: String(cell.value), "aria-label": cell.name }), el("span", { "aria-hidden": "true" }, cell.face));
          group.append(label);
        }
        wrap.append(group);
        if (q.low_label || q.high_label) {
          const ends = el("div", { class: "ep-ends", "aria-hidden": "true" });
          ends.append(el("span", null, q.low_label || ""), el("span", null, q.high_label || ""));
          wrap.append(ends);
        }
        break;
      }
      case "single_choice":
      case "multiple_choice": {
        const single = q.type === "single_choice";
        const group = el("div", { class: "ep-options", role: single ? "radiogroup" : "group", ...described });
        for (const c of q.choices) option(group, single ? "radio" : "checkbox", c.id, c.label);
        if (q.other) {
          option(group, "radio", "__other", q.other);
          const input = el("input", { type: "text", class: "ep-input ep-other", name: "ep-other", maxlength: "5000", "aria-label": q.other, placeholder: q.other_placeholder, "data-ep": "other-text" });
          input.hidden = true;
          wrap.append(group, input);
        } else {
          wrap.append(group);
        }
        break;
      }
      case "text":
      case "email": {
        const tag = q.multiline ? "textarea" : "input";
        const input = el(tag, {
          class: "ep-input",
          name: "ep-q",
          type: tag === "input" ? (q.type === "email" ? "email" : "text") : null,
          autocomplete: q.type === "email" ? "email" : "off",
          inputmode: q.type === "email" ? "email" : null,
          maxlength: q.max_length ? String(q.max_length) : null,
          placeholder: q.placeholder,
          ...described,
        });
        wrap.append(input);
        break;
      }
      case "cta": {
        if (q.code) {
          wrap.append(el("p", { class: "ep-code", part: "code" }, q.code));
          wrap.append(el("button", { type: "button", class: "ep-cta", part: "button cta", "data-ep": "copy", "data-code": q.code }, q.copy_label));
        }
        if (q.url) wrap.append(el("a", { class: "ep-cta", part: "button cta", href: q.url, target: "_blank", rel: "noopener noreferrer", "data-ep": "cta" }, q.button));
        break;
      }
    }
    return wrap;
  }

  /** The answer in its wire shape, or null when nothing was given. */
  answer() {
    const r = this.root;
    const checked = () => [...r.querySelectorAll("input[name='ep-q']:checked")].map((i) => i.value);
    switch (this.kind) {
      case "nps":
      case "rating": {
        const [v] = checked();
        return v === undefined ? null : Number(v);
      }
      case "single_choice": {
        const [v] = checked();
        if (v === undefined) return null;
        if (v !== "__other") return v;
        const text = r.querySelector("input[name='ep-other']").value.trim();
        return text ? { other: text } : null;
      }
      case "multiple_choice": {
        const ids = checked();
        return ids.length ? ids : null;
      }
      case "text":
      case "email": {
        const v = r.querySelector("[name='ep-q']").value.trim();
        return v ? v : null;
      }
      case "cta":
        return this.ctaUsed ? "clicked" : null;
      default:
        return null;
    }
  }

  copy(button) {
    this.ctaUsed = true;
    const code = button.getAttribute("data-code");
    const done = () => {
      // The clipboard answers asynchronously; by then the survey may have moved on.
      if (!button.isConnected) return;
      button.textContent = this.view.strings.copied;
      this.live.textContent = this.view.strings.copied;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code).then(done, () => {
        this.on.log("the clipboard is not available; the code stays on screen");
        done();
      });
    } else {
      done();
    }
  }

  invalid(message) {
    const error = this.root.getElementById("ep-error");
    if (error) error.textContent = message;
    for (const e of this.root.querySelectorAll("[aria-describedby='ep-error']")) e.setAttribute("aria-invalid", "true");
    this.focusFirst();
  }

  thanks(view) {
    const wrap = el("div", { class: "ep-thanks", part: "thanks" });
    wrap.append(el("h2", { id: "ep-title", class: "ep-title", part: "title" }, view.title));
    if (view.body) wrap.append(el("p", { class: "ep-description", part: "description" }, view.body));
    this.body.textContent = "";
    this.body.append(wrap);
    this.live.textContent = view.body ? `${view.title} ${view.body}` : view.title;
    this.dialog.focus();
  }

  focusables() {
    // A radio group is one tab stop: its checked radio, or else its first.
    return [...this.dialog.querySelectorAll(FOCUSABLE)].filter((e) => {
      if (e.hidden || e.disabled) return false;
      if (e.type !== "radio") return true;
      const group = [...this.dialog.querySelectorAll(`input[type=radio][name='${e.name}']`)];
      const chosen = group.find((g) => g.checked);
      return chosen ? chosen === e : group[0] === e;
    });
  }

  focusFirst() {
    const first = this.body.querySelector("input:not([hidden]), textarea, a[href], .ep-cta, .ep-button");
    (first || this.dialog).focus();
  }

  trapTab(e) {
    const items = this.focusables();
    if (!items.length) return;
    const active = this.root.activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (active === first || !active || active === this.dialog)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !active)) {
      e.preventDefault();
      first.focus();
    }
  }

  close() {
    this.host.remove();
    if (this.restore && this.restore.isConnected) this.restore.focus();
  }
}

// The survey's styles, adopted by its shadow root as a constructable
// stylesheet: no <style> element, so no CSP nonce is needed. Pages theme the
// survey with the custom properties and ::part() names listed in the README.
const STYLE = `:host {
  all: initial;
}
.ep {
  all: initial;
  --ep-accent: var(--exitpoll-accent, var(--ep-config-accent, #1f6feb));
  --ep-accent-text: var(--exitpoll-accent-text, #ffffff);
  --ep-bg: var(--exitpoll-bg, #ffffff);
  --ep-text: var(--exitpoll-text, #1f2328);
  --ep-muted: var(--exitpoll-muted, #57606a);
  --ep-border: var(--exitpoll-border, #d0d7de);
  --ep-radius: var(--exitpoll-radius, 12px);
  box-sizing: border-box;
  position: fixed;
  z-index: var(--exitpoll-z, 2147483000);
  bottom: 20px;
  width: var(--exitpoll-width, 360px);
  max-width: calc(100vw - 40px);
  max-height: calc(100vh - 40px);
  overflow: auto;
  display: block;
  padding: 20px;
  background: var(--ep-bg);
  color: var(--ep-text);
  border: 1px solid var(--ep-border);
  border-radius: var(--ep-radius);
  box-shadow: var(--exitpoll-shadow, 0 12px 32px rgba(31, 35, 40, 0.2));
  font-family: var(--exitpoll-font, var(--ep-config-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif));
  font-size: 15px;
  line-height: 1.45;
  text-align: left;
  animation: ep-in 180ms ease-out;
}
.ep *, .ep *::before, .ep *::after { box-sizing: border-box; }
.ep [hidden] { display: none !important; }
.ep--bottom-right { right: 20px; }
.ep--bottom-left { left: 20px; }
.ep--center {
  top: 50%;
  left: 50%;
  bottom: auto;
  transform: translate(-50%, -50%);
  width: var(--exitpoll-width, 440px);
}
.ep-backdrop {
  all: initial;
  position: fixed;
  inset: 0;
  z-index: calc(var(--exitpoll-z, 2147483000) - 1);
  background: rgba(0, 0, 0, 0.4);
}
@media (max-width: 639px) {
  .ep, .ep--center {
    left: 0;
    right: 0;
    bottom: 0;
    top: auto;
    transform: none;
    width: 100%;
    max-width: 100%;
    max-height: 85vh;
    border-radius: var(--ep-radius) var(--ep-radius) 0 0;
    border-width: 1px 0 0;
    padding-bottom: max(20px, env(safe-area-inset-bottom));
    animation-name: ep-up;
  }
}
@keyframes ep-in { from { opacity: 0; transform: translateY(8px); } }
@keyframes ep-up { from { transform: translateY(100%); } }
.ep--center { animation-name: ep-fade; }
@keyframes ep-fade { from { opacity: 0; } }
@media (prefers-reduced-motion: reduce) {
  .ep, .ep--center { animation: none; }
  .ep * { transition: none !important; }
}
.ep-close {
  all: initial;
  position: absolute;
  top: 8px;
  right: 8px;
  width: 32px;
  height: 32px;
  display: flex;
  align-items: center;
  justify-content: center;
  border-radius: 6px;
  color: var(--ep-muted);
  font: 22px/1 system-ui, sans-serif;
  cursor: pointer;
}
.ep-close:hover { background: rgba(127, 127, 127, 0.15); color: var(--ep-text); }
.ep-progress {
  display: block;
  height: 4px;
  margin: 0 36px 12px 0;
  border-radius: 2px;
  background: var(--ep-border);
  overflow: hidden;
}
.ep-bar { display: block; height: 100%; background: var(--ep-accent); transition: width 200ms; }
.ep-step { display: block; margin: 0 36px 4px 0; color: var(--ep-muted); font-size: 12px; }
.ep-title {
  display: block;
  margin: 0 36px 6px 0;
  font-size: 17px;
  font-weight: 600;
  line-height: 1.35;
}
.ep-description { display: block; margin: 0 0 10px; color: var(--ep-muted); font-size: 14px; }
.ep-form { display: block; margin: 0; }
.ep-fieldset { all: unset; display: block; margin: 10px 0 0; }
.ep-options { display: flex; flex-direction: column; gap: 6px; }
.ep-option {
  display: flex;
  align-items: center;
  gap: 10px;
  padding: 9px 12px;
  border: 1px solid var(--ep-border);
  border-radius: 8px;
  cursor: pointer;
}
.ep-option:hover { border-color: var(--ep-accent); }
.ep-option:has(input:checked) { border-color: var(--ep-accent); box-shadow: inset 0 0 0 1px var(--ep-accent); }
.ep-option input { accent-color: var(--ep-accent); width: 16px; height: 16px; margin: 0; flex: none; }
.ep-scale { display: flex; gap: 4px; flex-wrap: nowrap; }
.ep-scale .ep-cell { flex: 1 1 0; position: relative; min-width: 0; }
.ep-cell input {
  position: absolute;
  opacity: 0;
  width: 100%;
  height: 100%;
  margin: 0;
  cursor: pointer;
}
.ep-cell span {
  display: flex;
  align-items: center;
  justify-content: center;
  min-height: 36px;
  border: 1px solid var(--ep-border);
  border-radius: 6px;
  font-size: 14px;
  user-select: none;
}
.ep-cell input:checked + span { background: var(--ep-accent); color: var(--ep-accent-text); border-color: var(--ep-accent); }
.ep-cell input:focus-visible + span { outline: 3px solid var(--ep-accent); outline-offset: 2px; }
.ep-stars .ep-cell span { font-size: 22px; border-color: transparent; color: var(--ep-muted); }
.ep-stars .ep-cell input:checked + span { background: transparent; color: #d4a017; border-color: transparent; }
.ep-emoji .ep-cell span { font-size: 22px; }
.ep-ends { display: flex; justify-content: space-between; margin-top: 4px; color: var(--ep-muted); font-size: 12px; }
.ep-input {
  display: block;
  width: 100%;
  margin: 10px 0 0;
  padding: 9px 12px;
  border: 1px solid var(--ep-border);
  border-radius: 8px;
  background: var(--ep-bg);
  color: var(--ep-text);
  font: inherit;
}
textarea.ep-input { min-height: 96px; resize: vertical; }
.ep-other { margin-top: 6px; }
.ep-code {
  display: block;
  margin: 10px 0;
  padding: 10px;
  border: 1px dashed var(--ep-accent);
  border-radius: 8px;
  text-align: center;
  font: 600 18px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace;
  letter-spacing: 0.05em;
}
.ep-error { display: block; min-height: 0; margin: 8px 0 0; color: #b42318; font-size: 13px; }
.ep-error:empty { display: none; }
.ep-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
.ep-button, .ep-cta {
  all: initial;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-height: 38px;
  padding: 0 16px;
  border-radius: 8px;
  background: var(--ep-accent);
  color: var(--ep-accent-text);
  font: 600 14px/1 var(--exitpoll-font, system-ui, -apple-system, sans-serif);
  cursor: pointer;
  text-decoration: none;
}
.ep-cta { width: 100%; margin-top: 6px; }
.ep-button--secondary { background: transparent; color: var(--ep-text); border: 1px solid var(--ep-border); }
.ep-thanks { display: block; padding: 8px 36px 8px 0; }
.ep :focus-visible { outline: 3px solid var(--ep-accent); outline-offset: 2px; }
.ep-sr {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
`;
