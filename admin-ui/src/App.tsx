import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { audit } from './audit';
import { campaigns } from './campaigns';
import { lazyPage, lazyView } from './components/lazyView';
import { eligibilityExceptions } from './eligibility';
import { provinceSettings } from './province-settings';
import { enterpriseProfiles } from './enterprise-profiles';
import { i18nProvider } from './i18n/i18nProvider';
import { Layout } from './layout/Layout';
import { messages } from './messages';
import { hasWorkflowMonitor, resourcesFor, WORKFLOW_MONITOR_PATH, type ResourceName } from './permissions';
import { projects } from './projects';
import { queue } from './queue';
import { authProvider, CHANGE_PASSWORD_PATH } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { registrations } from './registrations';
import { theme } from './theme';
import { users } from './users';

// Each screen is a chunk of its own (components/lazyView.tsx); the shell above is all a first visit downloads.
const LoginPage = lazyPage(() => import('./auth/LoginPage'), 'LoginPage');
const RegisterPage = lazyPage(() => import('./auth/RegisterPage'), 'RegisterPage');
const ChangePasswordPage = lazyPage(() => import('./auth/ChangePasswordPage'), 'ChangePasswordPage');
const DirectoryPage = lazyPage(() => import('./directory/DirectoryPage'), 'DirectoryPage');
const Dashboard = lazyView(() => import('./dashboard/Dashboard'), 'Dashboard');
const WorkflowMonitorPage = lazyView(() => import('./workflows/WorkflowMonitorPage'), 'WorkflowMonitorPage');
const BatchListPage = lazyView(() => import('./workflows/BatchPages'), 'BatchListPage');
const BatchShowPage = lazyView(() => import('./workflows/BatchPages'), 'BatchShowPage');

const RESOURCES = {
  queue,
  projects,
  'enterprise-profiles': enterpriseProfiles,
  registrations,
  users,
  audit,
  campaigns,
  messages,
  'eligibility-exceptions': eligibilityExceptions,
  'province-settings': provinceSettings,
} satisfies Record<ResourceName, unknown>;

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
