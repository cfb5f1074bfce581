import { handlerLink, startDialPage } from '../dial/start.tsx';
import { startPage } from '../shared/page.tsx';
import { Popup } from './Popup.tsx';

// The same HTML serves Firefox's tel:/sip: handler (manifest.json protocol_handlers → "#<link>").
const link = handlerLink(location.hash);
if (link !== undefined) startDialPage(link);
else startPage('pageTitlePopup', <Popup />);
