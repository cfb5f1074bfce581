/**
 * The human-facing page at GET /sim — to make the simulated Oktell line ring and to watch what the
 * extension does. Self-contained; everything it shows comes from GET /sim/state, and free text
 * (names, numbers) is rendered with textContent, never innerHTML.
 */
export function renderSimulatorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Oktell simulator</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #1d2733; background: #f4f6f8; }
  header { background: #243f2f; color: #fff; padding: 14px 24px; }
  header h1 { font-size: 18px; margin: 0; }
  main { max-width: 980px; margin: 0 auto; padding: 20px 24px; display: grid; gap: 16px; grid-template-columns: 1fr 1fr; }
  section { background: #fff; border: 1px solid #d9dee4; border-radius: 8px; padding: 14px 16px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 13px; text-transform: uppercase; color: #66717d; margin: 0 0 10px; }
  button { font: inherit; padding: 6px 11px; border-radius: 5px; border: 1px solid #b8c0c8; background: #fff; cursor: pointer; margin: 0 6px 6px 0; }
  input { font: inherit; padding: 5px 8px; border: 1px solid #b8c0c8; border-radius: 5px; }
  pre { margin: 0; white-space: pre-wrap; font-size: 13px; }
  #message { color: #66717d; font-size: 13px; min-height: 1.4em; }
  #message.error { color: #b42318; }
</style>
</head>
<body>
<header><h1>Oktell simulator</h1></header>
<main>
  <section>
    <h2>Incoming call</h2>
    <p><input id="from" value="+74951234567" size="14"> <input id="name" value="Ivan Petrov" size="16"></p>
    <button data-action="ring">Ring</button>
    <button data-action="answer">Answer on the phone</button>
    <button data-action="missed">Caller gives up</button>
    <button data-action="elsewhere">Answered elsewhere</button>
  </section>
  <section>
    <h2>During a call</h2>
    <button data-action="remote-answer">Far end answers</button>
    <button data-action="hold">Hold</button>
    <button data-action="unhold">Resume</button>
    <button data-action="hangup" data-side="remote">Far end hangs up</button>
    <button data-action="hangup" data-side="user">User hangs up</button>
  </section>
  <section class="wide">
    <h2>Faults</h2>
    <button data-action="offline">Server offline (5 s)</button>
    <button data-action="online">Server online</button>
    <button data-action="client" data-running="0">Stop desktop client</button>
    <button data-action="client" data-running="1">Start desktop client</button>
    <button data-action="drop">Drop WebSockets</button>
    <button data-action="intercom" data-on="0">Phone without intercom</button>
    <button data-action="intercom" data-on="1">Phone with intercom</button>
    <div id="message"></div>
  </section>
  <section class="wide"><h2>State</h2><pre id="state">loading…</pre></section>
</main>
<script>
  const message = document.getElementById('message');
  async function control(action, params) {
    const res = await fetch('/sim/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) });
    const body = await res.json();
    message.textContent = body.ok ? action + ': done' : body.error;
    message.className = body.ok ? '' : 'error';
    refresh();
  }
  document.querySelectorAll('button[data-action]').forEach((button) => {
    button.addEventListener('click', () => {
      const params = Object.assign({}, button.dataset);
      delete params.action;
      if (button.dataset.action === 'ring') {
        params.from = document.getElementById('from').value;
        params.name = document.getElementById('name').value;
      }
      control(button.dataset.action, params).catch((e) => { message.textContent = String(e); message.className = 'error'; });
    });
  });
  async function refresh() {
    try {
      const res = await fetch('/sim/state');
      document.getElementById('state').textContent = JSON.stringify(await res.json(), null, 2);
    } catch (e) {
      document.getElementById('state').textContent = 'simulator not reachable: ' + e;
    }
  }
  refresh();
  setInterval(refresh, 1000);
</script>
</body>
</html>
`;
}
