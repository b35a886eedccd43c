/** The registration form's state and its mapping to and from the API's registrationSchema (domain/accounts). */
import {
  accountFields,
  type EnterpriseNature,
  type RegistrationInput,
  type RegistrationRole,
} from '../../../domain/accounts/registration';

export type AccountState = Record<keyof typeof accountFields, string>;
export interface OrganisationState {
  role: RegistrationRole;
  /** 所属地 cascade: [province, city] */
  region: string[];
  orgName: string;
  /** 单位地址 cascade: [province, city, district] */
  orgAddress: string[];
  addressDetail: string;
  uscc: string;
  enterpriseNature: EnterpriseNature | '';
  /** 国民经济分类 cascade: [门类, 大类, 中类, 小类] */
  nationalEconomy: string[];
}
export type Field = keyof AccountState | keyof OrganisationState;
export type Errors = Partial<Record<Field, string>>;

export const ACCOUNT_FIELDS = Object.keys(accountFields) as (keyof AccountState)[];

/** The body of POST /api/auth/register (domain registrationSchema) from what the form holds. */
export function toRegistrationInput(account: AccountState, organisation: OrganisationState): RegistrationInput {
  const [provinceCode = '', cityCode = '', districtCode = ''] = organisation.orgAddress;
  return {
    account,
    organisation: {
      role: organisation.role,
      regionCode: organisation.region[organisation.region.length - 1] ?? '',
      orgName: organisation.orgName,
      orgAddress: { provinceCode, cityCode, districtCode },
      addressDetail: organisation.addressDetail,
      uscc: organisation.uscc,
      enterpriseNature: organisation.enterpriseNature as EnterpriseNature,
      nationalEconomyCode: organisation.nationalEconomy[organisation.nationalEconomy.length - 1] ?? '',
    },
  };
}

/** Where a path of registrationSchema (from zod here or from the server's 422) lands in this form. */
export function fieldOfPath(path: string): Field | undefined {
  const [step, field] = path.split('.');
  if (step === 'account') return ACCOUNT_FIELDS.find((f) => f === field);
  if (step !== 'organisation') return undefined;
  if (field === 'regionCode') return 'region';
  if (field === 'nationalEconomyCode') return 'nationalEconomy';
  const direct: (keyof OrganisationState)[] = ['role', 'orgName', 'orgAddress', 'addressDetail', 'uscc', 'enterpriseNature'];
  return direct.find((f) => f === field);
}

export function placeErrors(byPath: Record<string, unknown>): { errors: Errors; unplaced: boolean } {
  const errors: Errors = {};
  let unplaced = false;
  for (const [path, message] of Object.entries(byPath)) {
    if (path === 'root') continue;
    const field = fieldOfPath(path);
    if (field) errors[field] ??= String(message);
    else unplaced = true;
  }
  return { errors, unplaced };
}

