// @vitest-environment happy-dom
// The popup's per-site switch: it shows the active tab's host (asked of its content script) and
// writes settings.pages.disabledSites.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const storage: Record<string, unknown> = {};
let pageReply: unknown;

vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      query: vi.fn(async () => [{ id: 7 }]),
      sendMessage: vi.fn(async (_tabId: number, message: unknown) => {
        if ((message as { type?: string }).type !== 'page-status') throw new Error('unexpected');
        if (pageReply instanceof Error) throw pageReply;
        return pageReply;
      }),
    },
    storage: {
      local: {
        get: vi.fn(async (key: string) => ({ [key]: storage[key] })),
        set: vi.fn(async (items: Record<string, unknown>) => Object.assign(storage, items)),
      },
    },
    i18n: { getMessage: (key: string, subs?: string[]) => `${key}${subs ? `(${subs.join(',')})` : ''}`, getUILanguage: () => 'en' },
  },
}));

const { SiteSwitch } = await import('../../../src/ui/popup/SiteSwitch.tsx');

const settings = (disabledSites: string[]) => ({
  version: 1,
  backend: 'grandstream',
  grandstream: { address: 'http://192.168.1.50', password: 'x', account: 1, pollIntervalMs: 1000 },
  pages: { linkify: true, takeOverLinks: true, disabledSites, region: 'auto' },
});

beforeEach(() => {
  storage.settings = settings(['other.org']);
  pageReply = { host: 'crm.example.com', state: 'on', marked: 3 };
});
afterEach(() => cleanup());

describe('the per-site switch', () => {
  it("shows the tab's host, on, and turns the site off and on again", async () => {
    render(<SiteSwitch />);
    const toggle = (await screen.findByRole('switch')) as HTMLInputElement;
    expect(toggle.id).toBe('site-toggle');
    expect(toggle.checked).toBe(true);
    expect(screen.getByText('popupSiteSwitch(crm.example.com)')).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect((storage.settings as ReturnType<typeof settings>).pages.disabledSites).toEqual(['other.org', 'crm.example.com']));
    expect(toggle.checked).toBe(false);
    await waitFor(() => expect(toggle.disabled).toBe(false));
    fireEvent.click(toggle);
    await waitFor(() => expect((storage.settings as ReturnType<typeof settings>).pages.disabledSites).toEqual(['other.org']));
    // The rest of the settings is kept as it was.
    expect((storage.settings as ReturnType<typeof settings>).grandstream.address).toBe('http://192.168.1.50');
  });

  it('shows the site as off when the list covers it', async () => {
    storage.settings = settings(['example.com']);
    pageReply = { host: 'crm.example.com', state: 'site-off', marked: 0 };
    render(<SiteSwitch />);
    const toggle = (await screen.findByRole('switch')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
  });

  it('is not shown where no content script answers (a browser page, a store) or before set-up', async () => {
    pageReply = new Error('Could not establish connection. Receiving end does not exist.');
    const { container } = render(<SiteSwitch />);
    await new Promise((r) => setTimeout(r, 20));
    expect(container.querySelector('#site-toggle')).toBeNull();
    cleanup();
    pageReply = { host: 'crm.example.com', state: 'not-set-up', marked: 0 };
    const second = render(<SiteSwitch />);
    await new Promise((r) => setTimeout(r, 20));
    expect(second.container.querySelector('#site-toggle')).toBeNull();
  });
});
