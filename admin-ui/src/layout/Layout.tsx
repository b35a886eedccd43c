import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useIdleLogout } from '../auth/useIdleLogout';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export function Layout({ children }: { children: ReactNode }) {
  useIdleLogout();
  return (
    // The content may shrink below its widest table (minWidth 0): wide lists scroll inside, never the whole page. The
    // layout itself too: react-admin gives it min-width fit-content, so a row of tabs on a phone widened every page.
    <RaLayout appBar={AppBar} menu={Menu} sx={{ minWidth: 0, '& .RaLayout-content': { minWidth: 0 } }}>
      {children}
    </RaLayout>
  );
}
