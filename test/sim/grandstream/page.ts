/**
 * The human-facing page at GET / — used in the demo to make the simulated phone ring and to watch
 * what the extension does to it. Self-contained (no external resources): it runs offline and on
 * loopback only. Everything it shows comes from GET /sim/state; caller names are rendered with
 * textContent, never innerHTML, since they are free text.
 */
import { basePageCss, pageRuntimeScript } from '../shared/page.ts';

export function renderSimulatorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grandstream phone simulator</title>
<link rel="icon" href="data:,">
<style>
${basePageCss('#1f6feb')}
  header { background: #24313f; color: #fff; padding: 14px 24px; display: flex; align-items: baseline; gap: 16px; }
  main { max-width: 980px; margin: 0 auto; padding: 20px 24px 40px; display: grid; gap: 18px; grid-template-columns: 1.4fr 1fr; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; }
  .state.ringing { background: #fde2b3; } .state.connected { background: #cdebd3; }
  .state.calling, .state.dialing { background: #d6e4fb; } .state.onhold { background: #e5dcf7; }
  .state.failed { background: #f7d0d0; }
  button { font: inherit; padding: 7px 12px; border-radius: 5px; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; }
  .buttons { display: flex; flex-wrap: wrap; gap: 8px; }
  .row { display: grid; grid-template-columns: 1fr 1fr 90px; gap: 10px; }
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
${pageRuntimeScript('simulator not reachable')}
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

function render(state) { renderLines(state.lines); renderDialled(state.dialled); renderStatus(state); }

function doneDetail(data) { return data.line ? " (line " + data.line + ")" : ""; }

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
poll(500);
</script>
</body>
</html>
`;
}
