// The small "Call +7 495 … — Ringside" tip under a hovered number (highlight mode; element mode
// uses the title attribute). It lives in a closed shadow root on a fixed-position host outside
// <body>: the page's styles do not reach it, it takes no room and never shifts the layout, and
// it lets every click through.
import { TIP_TAG } from './skip.ts';

const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'z-index: 2147483647',
  'pointer-events: none',
  'display: none',
  'left: 0',
  'top: 0',
].map((rule) => `${rule} !important`).join(';');

const TIP_CSS = `
.tip {
  font: 12px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #fff;
  background: rgb(32 33 36 / 94%);
  border-radius: 4px;
  padding: 3px 7px;
  white-space: nowrap;
  box-shadow: 0 1px 3px rgb(0 0 0 / 30%);
}
@media print { :host { display: none !important; } }
`;

export interface Tip {
  show(text: string, rect: DOMRectReadOnly): void;
  hide(): void;
  remove(): void;
}

export function createTip(doc: Document): Tip {
  let host: HTMLElement | undefined;
  let box: HTMLElement | undefined;

  const ensure = () => {
    if (host?.isConnected && box) return { host, box };
    host = doc.createElement(TIP_TAG);
    host.setAttribute('style', HOST_STYLE);
    host.setAttribute('aria-hidden', 'true');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = TIP_CSS;
    box = doc.createElement('div');
    box.className = 'tip';
    shadow.append(style, box);
    doc.documentElement.append(host);
    return { host, box };
  };

  return {
    show(text, rect) {
      const { host, box } = ensure();
      box.textContent = text;
      const view = doc.defaultView;
      const below = rect.bottom + 6;
      const height = 24;
      const top = view && below + height > view.innerHeight ? Math.max(0, rect.top - height - 6) : below;
      const left = Math.max(0, Math.min(rect.left, (view?.innerWidth ?? 800) - 260));
      host.style.setProperty('left', `${Math.round(left)}px`, 'important');
      host.style.setProperty('top', `${Math.round(top)}px`, 'important');
      host.style.setProperty('display', 'block', 'important');
    },
    hide() {
      host?.style.setProperty('display', 'none', 'important');
    },
    remove() {
      host?.remove();
      host = undefined;
      box = undefined;
    },
  };
}
