import TuneIcon from '@mui/icons-material/Tune';
import type { ResourceProps } from 'react-admin';
import { ProvinceSettingList } from './ProvinceSettingList';

/** 省级设置: who reviews new enterprise registrations, per province. */
export const provinceSettings: ResourceProps = {
  name: 'province-settings',
  list: ProvinceSettingList,
  icon: TuneIcon,
  recordRepresentation: 'provinceName',
};
