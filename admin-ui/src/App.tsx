import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { audit } from './audit';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { LoginPage } from './auth/LoginPage';
import { RegisterPage } from './auth/RegisterPage';
import { campaigns } from './campaigns';
import { Dashboard } from './dashboard/Dashboard';
import { DirectoryPage } from './directory/DirectoryPage';
import { enterpriseProfiles } from './enterprise-profiles';
import { i18nProvider } from './i18n/i18nProvider';
import { Layout } from './layout/Layout';
import { messages } from './messages';
import { hasWorkflowMonitor, resourcesFor, WORKFLOW_MONITOR_PATH, type ResourceName } from './permissions';
import { projects } from './projects';
import { authProvider, CHANGE_PASSWORD_PATH } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { registrations } from './registrations';
import { theme } from './theme';
import { users } from './users';
import { WorkflowMonitorPage } from './workflows/WorkflowMonitorPage';

const RESOURCES = {
  projects,
  'enterprise-profiles': enterpriseProfiles,
  registrations,
  users,
  audit,
  campaigns,
  messages,
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
