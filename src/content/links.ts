// tel:, callto:, sip: and sips: links: a trusted click dials through Ringside instead of the
// operating system's handler (anchors.md A4.3: cancel the click, or the OS "pick an app" dialog
// opens as well). Clicks with a modifier key, other buttons, and clicks the page already handled
// (defaultPrevented) are left alone, and so are links without a number (sip:alice@pbx).
import { cleanNumberForDial } from '../core/numbers.ts';
import type { DialTarget } from './scan.ts';
import { composedParent, isOptedOut } from './skip.ts';

export const DIAL_LINK = /^\s*(?:tel|callto|sips?):/i;

/** What a dial link asks to call, or undefined when it holds no number Ringside can dial. */
export function linkTarget(href: string): DialTarget | undefined {
  const link = /^\s*(?:tel|callto|sips?):(?:\/\/)?([^]*)$/i.exec(href);
  if (!link) return undefined;
  // sip:+74951234567@pbx;user=phone → the user part; tel:+1-201-555-0123;ext=1234 → its parameters.
  const [user = ''] = link[1]!.split('@');
  const [main = '', ...params] = user.split(/[;?&]/);
  let number = main;
  try {
    number = decodeURIComponent(main);
  } catch {
    // A stray "%": read the link as it is written.
  }
  let extension = params.map((p) => /^(?:ext|postd)=([0-9]{1,10})$/i.exec(p)?.[1]).find(Boolean);
  // "tel:+74951234567,123" or "p123"/"w123": the digits after a pause are an extension.
  const pause = /^(.*?[0-9)])\s*[,pw]+\s*([0-9]{1,10})$/i.exec(number.trim());
  if (pause) {
    number = pause[1]!;
    extension ??= pause[2];
  }
  const cleaned = cleanNumberForDial(number);
  if (!cleaned.ok) return undefined;
  const raw = href.trim().slice(0, 200);
  return extension ? { number: cleaned.number, extension, raw } : { number: cleaned.number, raw };
}

/** The dial link the click went to, if any: the nearest <a>/<area> with an href on the event's path. */
export function dialLinkOf(event: Event): Element | undefined {
  for (const node of event.composedPath()) {
    if ((node as Node).nodeType !== 1) continue;
    const el = node as Element;
    if ((el.localName === 'a' || el.localName === 'area') && el.hasAttribute('href')) {
      return DIAL_LINK.test(el.getAttribute('href') ?? '') ? el : undefined;
    }
  }
  return undefined;
}

/** The page author opted this part out, or the link sits in an editor where clicks edit. */
function leftAlone(link: Element): boolean {
  for (let n: Node | null = link; n; n = composedParent(n)) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (isOptedOut(el)) return true;
    const editable = el.getAttribute('contenteditable');
    if (editable !== null && editable !== 'false') return true;
  }
  return false;
}

export interface LinkOptions {
  readonly doc: Document;
  /** settings.pages.takeOverLinks, on this site, with Ringside set up. */
  readonly enabled: () => boolean;
  readonly dial: (target: DialTarget) => void;
}

/** Takes over trusted clicks on dial links; returns the function that stops it. */
export function watchLinks(options: LinkOptions): () => void {
  const onClick = (event: MouseEvent) => {
    // A script's link.click() or dispatched event never dials: the browser's own handling
    // (usually the OS handler, which asks the user) applies to it as before.
    if (!event.isTrusted || event.defaultPrevented) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (!options.enabled()) return;
    const link = dialLinkOf(event);
    if (!link || leftAlone(link)) return;
    const target = linkTarget(link.getAttribute('href') ?? '');
    if (!target) return;
    event.preventDefault();
    options.dial(target);
  };
  options.doc.addEventListener('click', onClick, true);
  return () => options.doc.removeEventListener('click', onClick, true);
}
