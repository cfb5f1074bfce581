/**
 * What the simulators' human-facing pages at GET / have in common (each page.ts has its own
 * layout, controls and rendering): the base look and the small client-side runtime that talks to
 * the control API under /sim/. Self-contained: no external resources.
 */

/**
 * CSS rules both pages use, in the page's accent colour. The page adds its own layout rules
 * (header, main, section, table cells, buttons, rows) after these.
 */
export function basePageCss(accent: string): string {
  return `  :root { color-scheme: light; --ink: #1d2733; --muted: #66717d; --line: #d9dee4; --accent: ${accent}; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f6f8; }
  header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  header .status { font-size: 13px; opacity: .85; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 12px; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; background: #e8ecf0; }
  form { display: grid; gap: 10px; }
  label { display: grid; gap: 3px; font-size: 13px; color: var(--muted); }
  input, select { font: inherit; padding: 6px 8px; border: 1px solid #b8c0c8; border-radius: 5px; }
  button:hover { border-color: var(--accent); }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  #message { min-height: 1.4em; font-size: 13px; color: var(--muted); margin-top: 10px; }
  #message.error { color: #b42318; }`;
}

/**
 * The start of the page's script: `$(id)`; `say(text, isError)`, which writes to #message;
 * `control(action, params)`, which POSTs to /sim/<action>, says how it went and refreshes;
 * `refresh()`, which fetches /sim/state and hands it to the page's `render(state)`, or writes
 * `unreachable` to #status when that fails; and `poll(ms)`, which refreshes for ever.
 *
 * The page defines `render(state)` and `doneDetail(data)` (what to add after the action's name
 * in the "done" message, from the control reply), and calls `poll(ms)` once its handlers are set.
 */
export function pageRuntimeScript(unreachable: string): string {
  return `const $ = (id) => document.getElementById(id);

function say(text, isError) { const m = $("message"); m.textContent = text; m.className = isError ? "error" : ""; }

async function control(action, params) {
  try {
    const res = await fetch("/sim/" + action, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(params || {}) });
    const data = await res.json();
    if (!data.ok) { say(data.error, true); return; }
    say(action + doneDetail(data) + ": done", false);
    refresh();
  } catch (err) { say(String(err), true); }
}

async function refresh() {
  try {
    const res = await fetch("/sim/state");
    const state = await res.json();
    render(state);
  } catch (err) { $("status").textContent = ${JSON.stringify(unreachable)}; }
}

function poll(ms) {
  async function loop() { await refresh(); setTimeout(loop, ms); }
  loop();
}
`;
}
