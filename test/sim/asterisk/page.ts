/**
 * The human-facing page at GET / — used in the demo to make the simulated PBX ring the user's phone,
 * pick what happens to click-to-dial calls, and watch the Originates the extension sends and the
 * channels that exist. Self-contained (no external resources). Everything it shows comes from
 * GET /sim/state; numbers and names are rendered with textContent, never innerHTML.
 */
import { basePageCss, pageRuntimeScript } from '../shared/page.ts';

export function renderSimulatorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Asterisk AJAM simulator</title>
<link rel="icon" href="data:,">
<style>
${basePageCss('#c2410c')}
  header { background: #2b2f36; color: #fff; padding: 14px 24px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
  main { max-width: 1100px; margin: 0 auto; padding: 20px 24px 40px; display: grid; gap: 18px; grid-template-columns: 1fr 1fr; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; min-width: 0; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); font-variant-numeric: tabular-nums; vertical-align: top; }
  td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
  .state.ringing { background: #fde2b3; } .state.connected { background: #cdebd3; } .state.dialing { background: #d6e4fb; }
  .state.held { background: #e5dcf7; } .state.elsewhere { background: #e8ecf0; }
  button { font: inherit; font-size: 14px; padding: 6px 11px; border-radius: 5px; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; }
  .buttons { display: flex; flex-wrap: wrap; gap: 6px; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
  .empty { color: var(--muted); font-style: italic; }
  .hint { font-size: 13px; color: var(--muted); margin: 4px 0 0; }
</style>
</head>
<body>
<header><h1>Asterisk AJAM simulator</h1><span class="status" id="status">connecting…</span></header>
<main>
  <section>
    <h2>Ring the phone</h2>
    <form id="ring-form">
      <div class="row">
        <label>Caller number <input name="from" required value="74952294989" autocomplete="off"></label>
        <label>Caller name <input name="name" value="ACME Ltd" autocomplete="off"></label>
      </div>
      <div class="buttons">
        <button class="primary" type="submit" data-outcome="manual">Ring</button>
        <button type="submit" data-outcome="answer">Ring, then answer</button>
        <button type="submit" data-outcome="missed">Ring, caller gives up</button>
        <button type="submit" data-outcome="answeredElsewhere">Ring, answered elsewhere</button>
        <button type="submit" data-outcome="busy">Phone busy</button>
        <button type="submit" data-outcome="rejected">Ring, rejected</button>
      </div>
    </form>
    <p class="hint">"Ring" keeps ringing until you use the buttons on the call below.</p>
  </section>
  <section>
    <h2>Click-to-dial outcome</h2>
    <form id="outcome-form">
      <div class="row">
        <label>Next Originate <select name="outcome">
          <option value="answer">phone answers, far end answers</option>
          <option value="busy">phone busy (Reason 5)</option>
          <option value="noanswer">phone does not answer (Reason 3)</option>
          <option value="nosuch">no such channel (Reason 0)</option>
          <option value="manual">phone rings until told</option>
        </select></label>
        <label>Apply to <select name="mode"><option value="next">the next Originate</option><option value="default">every Originate</option></select></label>
      </div>
      <div class="buttons"><button type="submit">Set</button></div>
    </form>
    <h2 style="margin-top:18px">Faults</h2>
    <div class="buttons">
      <button data-action="offline" data-params='{"ms":10000}'>Offline for 10 s</button>
      <button data-action="expire-sessions">Expire sessions</button>
      <button data-action="kick">Kick WaitEvent</button>
      <button data-action="delay" data-params='{"ms":3000}'>Slow (3 s)</button>
      <button data-action="delay" data-params='{"ms":0}'>Fast</button>
      <button data-action="html" data-params='{"on":1}'>Proxy login page</button>
      <button data-action="html" data-params='{"on":0}'>Real replies</button>
    </div>
    <div id="message" role="status"></div>
  </section>
  <section class="wide">
    <h2>Calls</h2>
    <table>
      <thead><tr><th>Call</th><th>Dir</th><th>Number</th><th>Name</th><th>State</th><th>Device channel</th><th></th></tr></thead>
      <tbody id="calls"></tbody>
    </table>
  </section>
  <section class="wide">
    <h2>Originates received</h2>
    <table>
      <thead><tr><th>Time</th><th>Channel</th><th>Context / Exten</th><th>CallerID</th><th>Async</th><th>ActionID</th><th>Reply</th></tr></thead>
      <tbody id="originates"></tbody>
    </table>
  </section>
  <section>
    <h2>Channels</h2>
    <table>
      <thead><tr><th>Channel</th><th>State</th><th>Caller</th><th>Connected</th></tr></thead>
      <tbody id="channels"></tbody>
    </table>
  </section>
  <section>
    <h2>Sessions and recent events</h2>
    <table><thead><tr><th>mansession_id</th><th>User</th><th>Queued</th><th>WaitEvent</th></tr></thead><tbody id="sessions"></tbody></table>
    <p class="mono" id="events" style="margin-top:12px"></p>
  </section>
</main>
<script>
"use strict";
${pageRuntimeScript('simulator not reachable (offline?)')}
const STATES = ["", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up", "Busy"];

function cell(text, cls) { const td = document.createElement("td"); td.textContent = String(text); if (cls) td.className = cls; return td; }
function emptyRow(body, cols, text) {
  const tr = document.createElement("tr"); const td = cell(text, "empty"); td.colSpan = cols; tr.append(td); body.replaceChildren(tr);
}
function button(label, action, params) {
  const b = document.createElement("button"); b.type = "button"; b.textContent = label;
  b.addEventListener("click", () => control(action, params)); return b;
}

function renderCalls(calls) {
  const body = $("calls");
  const live = calls.filter((c) => c.state !== "ended").concat(calls.filter((c) => c.state === "ended").slice(-5)).reverse();
  if (live.length === 0) return emptyRow(body, 7, "no calls yet");
  body.replaceChildren(...live.map((c) => {
    const tr = document.createElement("tr");
    const st = document.createElement("span"); st.className = "state " + c.state;
    st.textContent = c.state + (c.result ? " · " + c.result : "");
    const stCell = document.createElement("td"); stCell.append(st);
    const actions = document.createElement("td"); actions.className = "buttons";
    const id = { id: c.id };
    if (c.state === "ringing") {
      actions.append(button("Answer", "answer", id));
      if (c.direction === "in") actions.append(button("Caller gives up", "missed", id), button("Elsewhere", "elsewhere", id), button("Busy", "busy", id));
      actions.append(button("Reject", "reject", id));
    } else if (c.state === "connected" || c.state === "dialing" || c.state === "held") {
      if (c.state === "connected") actions.append(button("Hold", "hold", id));
      if (c.state === "held") actions.append(button("Resume", "unhold", id));
      actions.append(button("Phone hangs up", "hangup", { id: c.id, side: "device" }), button("Other side hangs up", "hangup", { id: c.id, side: "caller" }));
    } else if (c.state === "elsewhere") {
      actions.append(button("Caller hangs up", "hangup", { id: c.id, side: "caller" }));
    }
    tr.append(cell(c.id), cell(c.direction), cell(c.number, "mono"), cell(c.name), stCell, cell(c.deviceChannel || "", "mono"), actions);
    return tr;
  }));
}

function renderOriginates(list) {
  const body = $("originates");
  if (list.length === 0) return emptyRow(body, 7, "no Originate received yet");
  body.replaceChildren(...list.slice().reverse().map((o) => {
    const tr = document.createElement("tr");
    tr.append(cell(new Date(o.at).toLocaleTimeString()), cell(o.channel, "mono"), cell(o.context + " / " + o.exten, "mono"),
      cell(o.callerId, "mono"), cell(o.async), cell(o.actionId, "mono"), cell(o.reply));
    return tr;
  }));
}

function renderChannels(list) {
  const body = $("channels");
  if (list.length === 0) return emptyRow(body, 4, "no channels");
  body.replaceChildren(...list.map((c) => {
    const tr = document.createElement("tr");
    tr.append(cell(c.name, "mono"), cell(STATES[c.state] || String(c.state)), cell(c.callerIdNum + (c.callerIdName ? " " + c.callerIdName : "")),
      cell(c.connectedLineNum + (c.connectedLineName ? " " + c.connectedLineName : "")));
    return tr;
  }));
}

function renderSessions(list, events) {
  const body = $("sessions");
  if (list.length === 0) emptyRow(body, 4, "no sessions");
  else body.replaceChildren(...list.map((s) => {
    const tr = document.createElement("tr");
    tr.append(cell(s.id, "mono"), cell(s.authenticated ? s.username : "(not logged in)"), cell(s.queued), cell(s.waiting ? "pending" : ""));
    return tr;
  }));
  $("events").textContent = events.slice(-16).map((e) => e.name + (e.channel ? " " + e.channel : "")).join("  ·  ") || "no events yet";
}

function renderStatus(state) {
  const s = state.settings;
  const parts = ["Asterisk " + s.asteriskVersion + (s.v11 ? " (11 vocabulary)" : ""), "device " + s.device,
    "AJAM " + location.origin + s.prefix + "/rawman", "users " + s.users.join(", ")];
  if (s.offline) parts.push("OFFLINE");
  if (s.htmlMode) parts.push("proxy login page");
  if (s.delayMs) parts.push("delay " + s.delayMs + " ms");
  parts.push(state.requestCount + " requests");
  $("status").textContent = parts.join(" · ");
}

function render(state) {
  renderStatus(state); renderCalls(state.calls); renderOriginates(state.originates);
  renderChannels(state.channels); renderSessions(state.sessions, state.recentEvents);
}

function doneDetail(data) { return data.call ? " (" + data.call.id + ")" : ""; }

$("ring-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const outcome = event.submitter ? event.submitter.dataset.outcome : "manual";
  control("incoming", { from: String(form.get("from")).replace(/[^0-9*#+]/g, ""), name: form.get("name"), outcome });
});
$("outcome-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  control("originate-outcome", { outcome: form.get("outcome"), mode: form.get("mode") });
});
for (const b of document.querySelectorAll("button[data-action]")) {
  b.addEventListener("click", () => control(b.dataset.action, b.dataset.params ? JSON.parse(b.dataset.params) : {}));
}
poll(700);
</script>
</body>
</html>
`;
}
