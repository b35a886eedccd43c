/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * 企业实体信息 › 企业信息, 资金信息, 单位联系人: read-only, from the year's 企业信息 (or the registration data until
 * one is saved; the snapshot once submitted). They are changed in the menu 企业信息, not on the project.
 */
import { Box, Typography } from '@mui/material';
import { ENTERPRISE_PROFILE_LABELS } from '../../../../domain/form';
import { industryPathText, regionPath } from '../../../../domain/reference';
import { SectionHeading } from '../../components/SectionHeading';

const L = ENTERPRISE_PROFILE_LABELS as Record<string, string>;

const GROUPS: { key: string; fields: string[] }[] = [
  {
    key: 'enterpriseInfo',
    fields: ['name', 'creditCode', 'nature', 'nationalEconomyCode', 'address', 'addressDetail', 'registeredCapital', 'establishedDate', 'employeeCount'],
  },
  { key: 'finance', fields: ['operatingRevenue', 'rdInvestment', 'digitalInvestment'] },
  { key: 'unitContact', fields: ['name', 'title', 'mobile', 'email'] },
];

function text(field: string, value: any): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'address') return regionPath(value.provinceCode, value.cityCode, value.districtCode) || '—';
  if (field === 'nationalEconomyCode') return industryPathText(value) || String(value);
  return String(value);
}

export function EnterpriseInfoView({ enterprise }: { enterprise: Record<string, any> | null | undefined }) {
  const profile = (enterprise && 'data' in enterprise && enterprise.data ? enterprise.data : enterprise) ?? {};
  return (
    <Box sx={{ mb: 2 }}>
      {GROUPS.map((group) => (
        <Box key={group.key} sx={{ mb: 2 }}>
          <SectionHeading title={L[group.key]} />
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, columnGap: 3, rowGap: 1 }}>
            {group.fields.map((field) => (
              <Box key={field}>
                <Typography variant="body2" color="text.secondary">
                  {L[`${group.key}.${field}`]}
                </Typography>
                <Typography>{text(field, profile[group.key]?.[field])}</Typography>
              </Box>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
