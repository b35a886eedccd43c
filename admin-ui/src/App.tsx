import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { lazyPage, lazyView } from './components/lazyView';
import { i18nProvider } from './i18n/i18nProvider';
import { Layout } from './layout/Layout';
import { hasWorkflowMonitor, resourcesFor, WORKFLOW_MONITOR_PATH } from './permissions';
import { authProvider, CHANGE_PASSWORD_PATH } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { RESOURCES } from './resources';
import { theme } from './theme';

// Each screen is a chunk of its own (components/lazyView.tsx); the shell above is all a first visit downloads.
const LoginPage = lazyPage(() => import('./auth/LoginPage'), 'LoginPage');
const RegisterPage = lazyPage(() => import('./auth/RegisterPage'), 'RegisterPage');
const ChangePasswordPage = lazyPage(() => import('./auth/ChangePasswordPage'), 'ChangePasswordPage');
const DirectoryPage = lazyPage(() => import('./directory/DirectoryPage'), 'DirectoryPage');
const Dashboard = lazyView(() => import('./dashboard/Dashboard'), 'Dashboard');
const WorkflowMonitorPage = lazyView(() => import('./workflows/WorkflowMonitorPage'), 'WorkflowMonitorPage');
const BatchListPage = lazyView(() => import('./workflows/BatchPages'), 'BatchListPage');
const BatchShowPage = lazyView(() => import('./workflows/BatchPages'), 'BatchShowPage');

export function App() {
  return (
    <Admin
      title="5G工厂名录申报平台"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={Layout}
      dashboard={Dashboard}
      theme={theme}
      disableTelemetry
    >
      {(role) => (
        <>
          {resourcesFor(role).map((name) => (
            <Resource key={name} {...RESOURCES[name]} />
          ))}
          {hasWorkflowMonitor(role) && (
            <CustomRoutes>
              <Route path={WORKFLOW_MONITOR_PATH} element={<WorkflowMonitorPage />} />
              <Route path="/batches" element={<BatchListPage />} />
              <Route path="/batches/:id" element={<BatchShowPage />} />
            </CustomRoutes>
          )}
          <CustomRoutes noLayout>
            <Route path="/register" element={<RegisterPage />} />
            <Route path={CHANGE_PASSWORD_PATH} element={<ChangePasswordPage />} />
            <Route path="/directory" element={<DirectoryPage />} />
          </CustomRoutes>
        </>
      )}
    </Admin>
  );
}
