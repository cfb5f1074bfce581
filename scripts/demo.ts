// npm run demo: the Grandstream simulator, a page of sample numbers, and Chromium with Ringside
// loaded and already pointed at the simulator. With no display (or --headless) the same tour
// runs by script and prints what happened.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGrandstreamSim } from '../test/sim/grandstream/server.ts';
import { eventually, launchWithExtension } from '../test/e2e/chromium.ts';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const PASSWORD = 'admin';

const SAMPLE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ringside demo — sample numbers</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:680px;margin:40px auto;padding:0 16px}li{margin:.4em 0}code{background:#eef;padding:1px 4px;border-radius:3px}</style></head>
<body><h1>Sample numbers</h1>
<p>Select a number, right-click it and choose <b>Dial “…”</b>; or right-click a link. The simulator tab shows what the phone received.</p>
<ul>
<li>Moscow office: +7 (495) 123-45-67</li>
<li>Mobile: 8 912 345-67-89</li>
<li>Toll-free: 8-800-555-35-35</li>
<li>Internal extension: 101</li>
<li>International: +44 20 7946 0958</li>
<li>Link: <a href="tel:+74951234567">tel:+74951234567</a></li>
<li>Link: <a href="callto:84957654321">callto:84957654321</a></li>
</ul></body></html>`;

async function main() {
  const sim = await startGrandstreamSim({ password: PASSWORD, port: Number(process.env.DEMO_SIM_PORT ?? 0) });
  const pages = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SAMPLE_PAGE));
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  const samplesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
  const ext = await launchWithExtension({ headless });
  const sw = await ext.worker();
  await sw.evaluate(
    ([url, password]) => chrome.storage.local.set({ settings: { version: 1, backend: 'grandstream', grandstream: { address: url, password, account: 1, pollIntervalMs: 1000 }, pages: { region: 'RU' } } }),
    [sim.url, PASSWORD] as const,
  );
  console.log(`Grandstream simulator: ${sim.url}  (password "${PASSWORD}")`);
  console.log(`Sample numbers:        ${samplesUrl}`);

  const shutdown = async () => {
    await ext.close().catch(() => undefined);
    await sim.close();
    pages.close();
  };

  if (!headless) {
    const samples = await ext.context.newPage();
    await samples.goto(samplesUrl);
    const phone = await ext.context.newPage();
    await phone.goto(sim.url);
    console.log('Chromium is open with Ringside. Make the phone ring from the simulator tab. Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      ext.context.once('close', () => resolve());
    });
    await shutdown();
    return;
  }

  type Hook = { __ringside: { handleMenuClick(i: object): Promise<void>; shownNotifications: { id: string; title: string; message: string; buttons: string[] }[] } };
  try {
    await eventually(
      () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { status: { state: string } } | undefined)?.status.state === 'online')),
      'Ringside to connect to the simulator',
    );
    console.log('1. Ringside connected to the phone.');

    const selection = '+7 (495) 123-45-67';
    await sw.evaluate((text) => (globalThis as unknown as Hook).__ringside.handleMenuClick({ menuItemId: 'ringside-dial-selection', selectionText: text, editable: false }), selection);
    const dialled = await sim.waitFor(() => sim.dialled[0]);
    console.log(`2. Right-click → Dial “${selection}”: the phone dialled ${dialled.number} (via ${dialled.via}).`);
    sim.remoteHangup();

    const line = sim.ring('+74957654321', 'Ivan Petrov');
    const ring = await eventually(
      () => sw.evaluate(() => (globalThis as unknown as Hook).__ringside.shownNotifications.find((n) => n.id.startsWith('ring:'))),
      'the ring notification',
    );
    console.log(`3. The phone rings on line ${line}: notification “${ring.title}: ${ring.message}” with buttons [${ring.buttons.join(', ')}].`);

    await sw.evaluate((id) => (chrome.notifications.onButtonClicked as unknown as { dispatch(id: string, i: number): void }).dispatch(id, 0), ring.id);
    await sim.waitFor(() => sim.lines()[line - 1]?.state === 'connected');
    console.log(`4. Answer clicked: the phone's line ${line} is ${sim.lines()[line - 1]?.state}.`);

    sim.remoteHangup(line);
    await eventually(
      () => sw.evaluate(() => chrome.storage.session.get('callBook').then((r) => (r.callBook as { live: unknown[] }).live.length === 0)),
      'the call to end',
    );
    const open = await sw.evaluate(() => chrome.notifications.getAll().then((all) => Object.keys(all)));
    console.log(`5. The caller hung up: ${open.includes(ring.id) ? 'the notification is still open (unexpected)' : 'the call ended and its notification is gone'}.`);
  } finally {
    await shutdown();
  }
}

await main();
