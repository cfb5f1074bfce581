import { startPage } from '../shared/page.tsx';
import { CallWindow } from './CallWindow.tsx';

startPage('pageTitleCallWindow', <CallWindow />);
