/**
 * Every react-admin resource of the back office, in menu order. Each view is a chunk of its own
 * (components/lazyView.tsx), downloaded when first opened; permissions.ts decides which of them a role sees.
 */
import BusinessIcon from '@mui/icons-material/Business';
import EventIcon from '@mui/icons-material/Event';
import FactoryIcon from '@mui/icons-material/Factory';
import HistoryIcon from '@mui/icons-material/History';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import MailOutlineIcon from '@mui/icons-material/MailOutlined';
import PeopleIcon from '@mui/icons-material/People';
import TuneIcon from '@mui/icons-material/Tune';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import type { ResourceProps } from 'react-admin';
import { lazyView, type Preloadable } from './components/lazyView';
import type { ResourceName } from './permissions';

const ProjectEdit = () => import('./projects/ProjectEdit');
const ProjectShow = () => import('./projects/ProjectShow');
const CampaignEdit = () => import('./campaigns/CampaignEdit');

export const RESOURCES: Record<ResourceName, ResourceProps> = {
  /** 待我处理: the list of GET /api/queue; a row opens the project (/api/projects/:id) inside the queue. */
  queue: {
    name: 'queue',
    list: lazyView(() => import('./queue/QueueList'), 'QueueList'),
    show: lazyView(ProjectShow, 'ProjectShow'),
    icon: AssignmentIndIcon,
    recordRepresentation: 'name',
  },
  /** 5G工厂: the list, 查看, and the declaration form (新增 and edit, one section at a time). */
  projects: {
    name: 'projects',
    list: lazyView(() => import('./projects/ProjectList'), 'ProjectList'),
    show: lazyView(ProjectShow, 'ProjectShow'),
    edit: lazyView(ProjectEdit, 'ProjectEdit'),
    create: lazyView(ProjectEdit, 'ProjectCreate'),
    icon: FactoryIcon,
    recordRepresentation: 'name',
  },
  /** 企业信息 (keyed by year) */
  'enterprise-profiles': {
    name: 'enterprise-profiles',
    list: lazyView(() => import('./enterprise-profiles/EnterpriseProfileList'), 'EnterpriseProfileList'),
    edit: lazyView(() => import('./enterprise-profiles/EnterpriseProfileEdit'), 'EnterpriseProfileEdit'),
    icon: BusinessIcon,
    recordRepresentation: 'year',
  },
  /** 注册审核 */
  registrations: {
    name: 'registrations',
    list: lazyView(() => import('./registrations/RegistrationList'), 'RegistrationList'),
    icon: HowToRegIcon,
    recordRepresentation: 'orgName',
  },
  /** 用户管理 */
  users: {
    name: 'users',
    list: lazyView(() => import('./users/UserList'), 'UserList'),
    create: lazyView(() => import('./users/UserCreate'), 'UserCreate'),
    icon: PeopleIcon,
    recordRepresentation: 'username',
  },
  /** 审计日志 */
  audit: { name: 'audit', list: lazyView(() => import('./audit/AuditList'), 'AuditList'), icon: HistoryIcon },
  /** 年度批次 (keyed by year) */
  campaigns: {
    name: 'campaigns',
    list: lazyView(() => import('./campaigns/CampaignList'), 'CampaignList'),
    create: lazyView(CampaignEdit, 'CampaignCreate'),
    edit: lazyView(CampaignEdit, 'CampaignEdit'),
    icon: EventIcon,
    recordRepresentation: 'year',
  },
  /** 站内信 */
  messages: {
    name: 'messages',
    list: lazyView(() => import('./messages/MessageList'), 'MessageList'),
    show: lazyView(() => import('./messages/MessageShow'), 'MessageShow'),
    icon: MailOutlineIcon,
    recordRepresentation: 'title',
  },
  /** 申报主体例外 (工信部). */
  'eligibility-exceptions': {
    name: 'eligibility-exceptions',
    list: lazyView(() => import('./eligibility/EligibilityExceptionList'), 'EligibilityExceptionList'),
    icon: VerifiedUserIcon,
    recordRepresentation: 'orgName',
  },
  /** 省级设置: who reviews new enterprise registrations, per province. */
  'province-settings': {
    name: 'province-settings',
    list: lazyView(() => import('./province-settings/ProvinceSettingList'), 'ProvinceSettingList'),
    icon: TuneIcon,
    recordRepresentation: 'provinceName',
  },
};

/**
 * Starts downloading the chunk of the screen a URL opens (#/projects, #/projects/7/show, …) while the shell itself is
 * still starting, instead of after the shell's first render: a fresh tab's first screen does not wait for two
 * downloads in a row. A path that names no resource is left alone; permissions still decide what renders.
 */
export function preloadScreenOf(hash: string): void {
  const [, name = '', rest = ''] = /^#\/([^/?]+)((?:\/[^?]*)?)/.exec(hash) ?? [];
  if (!Object.hasOwn(RESOURCES, name)) return;
  const resource = RESOURCES[name as ResourceName];
  const view = rest === '' ? resource.list : rest === '/create' ? resource.create : rest.endsWith('/show') ? resource.show : resource.edit;
  (view as Partial<Preloadable> | undefined)?.preload?.();
}
