/**
 * The human-facing page at GET / — used in the demo to make the simulated phone ring and to watch
 * what the extension does to it. Self-contained (no external resources): it runs offline and on
 * loopback only. Everything it shows comes from GET /sim/state; caller names are rendered with
 * textContent, never innerHTML, since they are free text.
 */

export function renderSimulatorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grandstream phone simulator</title>
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light; --ink: #1d2733; --muted: #66717d; --line: #d9dee4; --accent: #1f6feb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f6f8; }
  header { background: #24313f; color: #fff; padding: 14px 24px; display: flex; align-items: baseline; gap: 16px; }
  header h1 { font-size: 18px; margin: 0; font-weight: 600; }
  header .status { font-size: 13px; opacity: .85; }
  main { max-width: 980px; margin: 0 auto; padding: 20px 24px 40px; display: grid; gap: 18px; grid-template-columns: 1.4fr 1fr; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 12px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; background: #e8ecf0; }
  .state.ringing { background: #fde2b3; } .state.connected { background: #cdebd3; }
  .state.calling, .state.dialing { background: #d6e4fb; } .state.onhold { background: #e5dcf7; }
  .state.failed { background: #f7d0d0; }
  form { display: grid; gap: 10px; }
  label { display: grid; gap: 3px; font-size: 13px; color: var(--muted); }
  input, select { font: inherit; padding: 6px 8px; border: 1px solid #b8c0c8; border-radius: 5px; }
  button { font: inherit; padding: 7px 12px; border-radius: 5px; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; }
  button:hover { border-color: var(--accent); }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  .buttons { display: flex; flex-wrap: wrap; gap: 8px; }
  .row { display: grid; grid-template-columns: 1fr 1fr 90px; gap: 10px; }
  #message { min-height: 1.4em; font-size: 13px; color: var(--muted); margin-top: 10px; }
  #message.error { color: #b42318; }
  ol { margin: 0; padding-left: 20px; } li { padding: 2px 0; }
  .empty { color: var(--muted); font-style: italic; list-style: none; margin-left: -20px; }
</style>
</head>
<body>
<header><h1>Grandstream phone simulator</h1><span class="status" id="status">connecting…</span></header>
<main>
  <section class="wide">
    <h2>Lines</h2>
    <table>
      <thead><tr><th>Line</th><th>State</th><th>Number</th><th>Name</th><th>Account</th><th>Active</th></tr></thead>
      <tbody id="lines"></tbody>
    </table>
  </section>
  <section>
    <h2>Make the phone ring</h2>
    <form id="ring-form">
      <div class="row">
        <label>Caller number <input name="number" required value="+7 495 123-45-67" autocomplete="off"></label>
        <label>Caller name <input name="name" value="Ivan Petrov" autocomplete="off"></label>
        <label>Line <select name="line" id="ring-line"><option value="">any</option></select></label>
      </div>
      <div class="buttons"><button class="primary" type="submit">Ring</button></div>
    </form>
    <h2 style="margin-top:18px">Call events</h2>
    <div class="buttons">
      <button data-action="answer">Answer on handset</button>
      <button data-action="elsewhere">Answered elsewhere</button>
      <button data-action="hangup">Remote hang-up</button>
      <button data-action="remote-answer">Remote answers outgoing</button>
    </div>
    <h2 style="margin-top:18px">Network</h2>
    <div class="buttons">
      <button data-action="offline">Go offline</button>
      <button data-action="online">Back online</button>
    </div>
    <div id="message" role="status"></div>
  </section>
  <section>
    <h2>Dialled numbers</h2>
    <ol id="dialled" reversed></ol>
  </section>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let lineCount = 0;

function cell(text) { const td = document.createElement("td"); td.textContent = String(text); return td; }

function renderLines(lines) {
  const body = $("lines");
  body.replaceChildren(...lines.map((l) => {
    const tr = document.createElement("tr");
    const state = document.createElement("span");
    state.className = "state " + l.state;
    state.textContent = l.state;
    const stateCell = document.createElement("td");
    stateCell.append(state);
    tr.append(cell(l.line), stateCell, cell(l.remotenumber), cell(l.remotename), cell(l.acct), cell(l.active ? "●" : ""));
    return tr;
  }));
  if (lines.length !== lineCount) {
    lineCount = lines.length;
    const select = $("ring-line");
    select.replaceChildren(new Option("any", ""), ...lines.map((l) => new Option("Line " + l.line, String(l.line))));
  }
}

function renderDialled(dialled) {
  const list = $("dialled");
  if (dialled.length === 0) {
    const li = document.createElement("li"); li.className = "empty"; li.textContent = "nothing dialled yet";
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...dialled.slice(-20).reverse().map((d) => {
    const li = document.createElement("li");
    li.textContent = d.number + "  — via " + d.via + (d.account === null ? "" : ", account " + d.account) + ", " + new Date(d.at).toLocaleTimeString();
    return li;
  }));
}

function renderStatus(state) {
  const s = state.settings;
  const flags = [s.offline ? "OFFLINE" : "online", "phone " + state.phoneStatus, "password " + JSON.stringify(s.password)];
  if (s.htmlMode) flags.push("HTML mode");
  if (s.malformed) flags.push("malformed JSON");
  if (s.delayMs) flags.push("delay " + s.delayMs + " ms");
  if (!s.hasMakeCall) flags.push("no api-make_call");
  flags.push(state.requestCount + " CTI requests");
  $("status").textContent = flags.join(" · ");
}

function say(text, isError) { const m = $("message"); m.textContent = text; m.className = isError ? "error" : ""; }

async function control(action, params) {
  try {
    const res = await fetch("/sim/" + action, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(params || {}) });
    const data = await res.json();
    if (!data.ok) { say(data.error, true); return; }
    say(action + (data.line ? " (line " + data.line + ")" : "") + ": done", false);
    refresh();
  } catch (err) { say(String(err), true); }
}

async function refresh() {
  try {
    const res = await fetch("/sim/state");
    const state = await res.json();
    renderLines(state.lines); renderDialled(state.dialled); renderStatus(state);
  } catch (err) { $("status").textContent = "simulator not reachable"; }
}

function selectedLine() { return $("ring-line").value; }

$("ring-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  control("ring", { number: String(form.get("number")).replace(/[^0-9*#+]/g, ""), name: form.get("name"), line: form.get("line") });
});
for (const button of document.querySelectorAll("button[data-action]")) {
  button.addEventListener("click", () => {
    const action = button.dataset.action;
    const perLine = ["answer", "elsewhere", "hangup", "remote-answer"].includes(action);
    control(action, perLine ? { line: selectedLine() } : {});
  });
}
async function loop() { await refresh(); setTimeout(loop, 500); }
loop();
</script>
</body>
</html>
`;
}
