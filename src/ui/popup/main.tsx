import { startPage } from '../shared/page.tsx';
import { Popup } from './Popup.tsx';

startPage('pageTitlePopup', <Popup />);
