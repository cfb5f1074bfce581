// Picks the driver for the configured backend. The only place that knows every driver.
import type { Settings } from '../core/settings.ts';
import type { Driver, DriverIO, WebSocketLike } from './contract.ts';
import { createAsteriskDriver } from './asterisk/driver.ts';
import { createGrandstreamDriver } from './grandstream/driver.ts';
import { createOktellDriver } from './oktell/driver.ts';
import { createRanderDriver } from './rander/driver.ts';

export interface DriverEnvironment {
  readonly io: DriverIO;
  readonly explainNetworkError?: (url: string, error: unknown) => Promise<string | undefined>;
}

export function createDriver(settings: Settings, env: DriverEnvironment): Driver | undefined {
  switch (settings.backend) {
    case 'grandstream':
      if (!settings.grandstream.address) return undefined;
      return createGrandstreamDriver({
        settings: settings.grandstream,
        io: env.io,
        ...(env.explainNetworkError ? { explainNetworkError: env.explainNetworkError } : {}),
      });
    case 'asterisk':
      if (!settings.asterisk.address) return undefined;
      return createAsteriskDriver({
        settings: settings.asterisk,
        io: env.io,
        ...(env.explainNetworkError ? { explainNetworkError: env.explainNetworkError } : {}),
      });
    case 'oktell':
      if (!settings.oktell.address && settings.oktell.dialVia !== 'client') return undefined;
      return createOktellDriver({
        settings: settings.oktell,
        io: env.io,
        ...(env.explainNetworkError ? { explainNetworkError: env.explainNetworkError } : {}),
      });
    case 'rander':
      if (!settings.rander.address) return undefined;
      return createRanderDriver({
        settings: settings.rander,
        io: env.io,
        ...(env.explainNetworkError ? { explainNetworkError: env.explainNetworkError } : {}),
      });
    case 'none':
      return undefined;
  }
}

/** The origin the background needs host access to for these settings. */
export function deviceOrigin(settings: Settings): string | undefined {
  if (settings.backend === 'grandstream' && settings.grandstream.address) return settings.grandstream.address;
  if (settings.backend === 'asterisk' && settings.asterisk.address) return settings.asterisk.address;
  // Oktell's WebSocket is on the same host (host access covers every port); its desktop client
  // is on 127.0.0.1, which the manifest grants.
  if (settings.backend === 'oktell') return settings.oktell.address || `http://127.0.0.1:${settings.oktell.clientPort}`;
  if (settings.backend === 'rander' && settings.rander.address) return settings.rander.address;
  return undefined;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function defaultIO(log?: (message: string) => void): DriverIO {
  return {
    fetch: (input, init) => fetch(input, init),
    openWebSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    now: () => Date.now(),
    sleep,
    ...(log ? { log } : {}),
  };
}
