import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useIdleLogout } from '../auth/useIdleLogout';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

export function Layout({ children }: { children: ReactNode }) {
  useIdleLogout();
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
}
