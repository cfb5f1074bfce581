// Owns the active driver and its watch loop: driver events → call book → notifications and
// badge. Updates are applied one at a time in arrival order, and the book is saved to
// storage.session before any notification is shown, so a worker stopped in between never shows
// the same ring twice.
import browser from 'webextension-polyfill';
import type { Call, ConnectionStatus } from '../core/call.ts';
import { recordCall, type CallBook } from '../core/callBook.ts';
import { originPattern, parseDeviceAddress } from '../core/address.ts';
import { isConfigured, type Settings } from '../core/settings.ts';
import { text, type LocalText } from '../core/text.ts';
import type { Driver, DriverEvent } from '../drivers/contract.ts';
import { createDriver, defaultIO, deviceOrigin } from '../drivers/index.ts';
import { paintBadge } from './badge.ts';
import { clearRing, showNote, showRing } from './notifications.ts';
import { loadCallBook, saveCallBook } from './store.ts';

const DTMF_WAIT_MS = 120_000;
const DTMF_DELAY_MS = 1500;

export function log(message: string): void {
  // Never pass settings or URLs with a passcode here.
  console.info(`[Ringside] ${message}`);
}

export class Monitor {
  private driver: Driver | undefined;
  private controller: AbortController | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private running: Promise<void> | undefined;
  private fingerprint: string | undefined;
  private started = false;
  private restarts: Promise<unknown> = Promise.resolve();
  /** An extension to key in once the next outgoing call is answered (dialling rules: DTMF). */
  private pendingDtmf: { digits: string; at: number } | undefined;

  /** Keys `digits` in on the next outgoing call once it is answered (within two minutes). */
  expectDtmf(digits: string): void {
    this.pendingDtmf = { digits, at: Date.now() };
  }

  private keyInPendingDtmf(call: Call): void {
    const pending = this.pendingDtmf;
    const driver = this.driver;
    if (!pending || !driver?.sendDtmf || call.direction !== 'out' || call.state !== 'connected') return;
    this.pendingDtmf = undefined;
    if (Date.now() - pending.at > DTMF_WAIT_MS) return;
    // A moment for the far end's greeting to start listening for tones.
    setTimeout(() => {
      void driver.sendDtmf?.(call.id, pending.digits).then((r) => {
        if (!r.ok) void showNote(text('notifDtmfFailed', pending.digits), r.error).catch(() => undefined);
      });
    }, DTMF_DELAY_MS);
  }
  private crashed = false;

  /** The watch loop ended with an error (not a refused password): the watchdog starts it again. */
  get hasCrashed(): boolean {
    return this.crashed;
  }

  /** True once this instance of the background has started a loop (for the watchdog alarm). */
  get hasStarted(): boolean {
    return this.started;
  }

  /** The driver in use, for commands; undefined when nothing is configured. */
  get activeDriver(): Driver | undefined {
    return this.driver;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Applies a change to the call book in order, saves it, then acts on it. */
  private update(change: (book: CallBook) => Promise<CallBook> | CallBook): Promise<void> {
    const next = this.queue.then(async () => {
      const book = await change(await loadCallBook());
      await saveCallBook(book);
      await paintBadge(book).catch((e) => log(`badge: ${String(e)}`));
    });
    this.queue = next.catch((e) => log(`update failed: ${String(e)}`));
    return this.queue as Promise<void>;
  }

  private setStatus(status: ConnectionStatus): Promise<void> {
    return this.update((book) => ({ ...book, status }));
  }

  private onEvent(event: DriverEvent): void {
    const capabilities = this.driver?.capabilities ?? new Set();
    if (event.type === 'status') {
      const fingerprint = this.fingerprint;
      const capabilities = this.driver ? [...this.driver.capabilities] : [];
      void this.update((book) => ({
        ...book,
        status: event.status,
        // A driver may learn what the device can do only once connected (Oktell: intercom).
        capabilities,
        authFailedFor: event.status.state === 'auth-failed' ? fingerprint : undefined,
      }));
    } else if (event.type === 'dial-failed') {
      void showNote(text('notifDialFailed', event.number), event.error).catch((e) => log(`notification: ${String(e)}`));
    } else if (event.type === 'notice') {
      void this.update((book) => ({ ...book, notice: event.text }));
    } else {
      this.keyInPendingDtmf(event.call);
      void this.update(async (book) => {
        const { book: next, effects } = recordCall(book, event.call);
        // Saved first (see the class comment), then shown.
        await saveCallBook(next);
        for (const effect of effects) {
          try {
            if (effect.type === 'show-ring') await showRing(effect.call, capabilities);
            else await clearRing(effect.call.id);
          } catch (e) {
            log(`notification: ${String(e)}`);
          }
        }
        return next;
      });
    }
  }

  /**
   * Stops the current loop (if any) and starts one for these settings. Without a user action
   * (a worker restart, the watchdog alarm) a password the phone already rejected is not tried
   * again: the phone locks the account after 5 failures.
   */
  restart(settings: Settings, byUser: boolean): Promise<void> {
    // One at a time: two overlapping restarts (the background starting while the settings change)
    // would otherwise both start a loop, and two WaitEvent loops on one AMI session kick each other.
    const next = this.restarts.then(() => this.restartNow(settings, byUser));
    this.restarts = next.catch((e) => log(`restart failed: ${String(e)}`));
    return next;
  }

  private async restartNow(settings: Settings, byUser: boolean): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.driver = undefined;
    this.running = undefined;
    this.started = true;
    this.crashed = false;
    // Calls belong to the phone or PBX that reported them: after a switch to another one (or off)
    // nobody would ever end them, so they go now, with their notifications.
    const profile = isConfigured(settings) ? `${settings.backend}|${deviceOrigin(settings) ?? ''}` : '';
    await this.update(async (book) => {
      if (book.profile === profile) return book;
      for (const call of book.live) if (book.notified.includes(call.id)) await clearRing(call.id).catch(() => undefined);
      return { ...book, live: [], profile };
    });
    if (!isConfigured(settings)) {
      await this.update((book) => ({ ...book, capabilities: [], status: { state: 'disabled', since: Date.now() } }));
      return;
    }
    const origin = deviceOrigin(settings)!;
    const parsed = parseDeviceAddress(origin);
    if (!parsed.ok) {
      await this.setStatus({ state: 'misconfigured', reason: parsed.error, since: Date.now() });
      return;
    }
    const allowed = await browser.permissions.contains({ origins: [originPattern(parsed.address)] });
    if (!allowed) {
      await this.setStatus({ state: 'no-permission', reason: text('statusNoPermission', parsed.address.host), since: Date.now() });
      return;
    }
    const fingerprint = await settingsFingerprint(settings);
    const before = await loadCallBook();
    if (!byUser && before.status.state === 'auth-failed' && before.authFailedFor === fingerprint) {
      log('not retrying a rejected password without the user');
      await paintBadge(before);
      return;
    }
    const driver = createDriver(settings, { io: defaultIO(log) });
    if (!driver) return;
    this.driver = driver;
    this.fingerprint = fingerprint;
    const controller = new AbortController();
    this.controller = controller;
    await this.update((b) => ({ ...b, capabilities: [...driver.capabilities], notice: undefined }));
    log(`watching ${driver.id}`);
    this.running = driver
      .watch(controller.signal, (event) => this.onEvent(event), before.live)
      .catch((e) => {
        log(`watch stopped: ${String(e)}`);
        this.crashed = true;
        void this.setStatus({ state: 'unreachable', reason: text('errInternal', String(e)), since: Date.now() });
      })
      .finally(() => {
        if (this.controller === controller) this.running = undefined;
      });
  }

  /** Why there is no driver to use, when the status says (auth failed, no permission…). */
  async problem(): Promise<LocalText | undefined> {
    const book = await loadCallBook();
    return book.status.state === 'disabled' ? undefined : book.status.reason;
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }
}

/** Identifies the address and password a phone rejected, without keeping the password. */
async function settingsFingerprint(settings: Settings): Promise<string> {
  const profile = settings.backend === 'none' ? {} : settings[settings.backend];
  const data = new TextEncoder().encode(`${settings.backend}\n${JSON.stringify(profile)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
