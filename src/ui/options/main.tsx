import { startPage } from '../shared/page.tsx';
import { OptionsPage } from './OptionsPage.tsx';

startPage('pageTitleOptions', <OptionsPage />);
