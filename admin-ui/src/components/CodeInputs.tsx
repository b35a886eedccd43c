/**
 * The form's two cascades bound to the shapes the domain schemas store:
 * - 实施地址: `{ provinceCode, cityCode, districtCode }` (GB/T 2260), chosen down to the district;
 * - 国民经济分类: the 小类 code alone (GB/T 4754-2017, e.g. '3982'), chosen down to the leaf.
 */
import { FieldTitle, useInput, useTranslate, type InputProps } from 'ra-core';
import type { FieldError } from 'react-hook-form';
import { Cascader } from './Cascader';
import { pathTo, useReferenceTree } from './referenceTrees';

/** The first message of a field's error, or of any of its nested fields (an address's province, city, district). */
export function firstErrorMessage(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const message = (error as FieldError).message;
  if (typeof message === 'string' && message) return message;
  for (const [key, value] of Object.entries(error)) {
    if (key === 'ref' || key === 'type') continue;
    const nested = firstErrorMessage(value);
    if (nested) return nested;
  }
  return undefined;
}

interface Address {
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
}

export function AddressInput({ label, ...props }: InputProps & { label: string }) {
  const translate = useTranslate();
  const regions = useReferenceTree('regions');
  const { field, fieldState, id, isRequired } = useInput(props);
  const address = (field.value ?? {}) as Address;
  const codes = [address.provinceCode, address.cityCode, address.districtCode].filter((c): c is string => !!c);
  // Nested errors (address.cityCode) are not in fieldState for the group: read them from the form state.
  const message = firstErrorMessage(fieldState.error);
  return (
    <Cascader
      id={id}
      name={field.name}
      options={regions.data}
      value={codes}
      onChange={(chosen) => field.onChange({ provinceCode: chosen[0], cityCode: chosen[1], districtCode: chosen[2] })}
      onBlur={field.onBlur}
      label={<FieldTitle label={label} source={props.source} isRequired={isRequired} />}
      maxDepth={3}
      error={!!message}
      helperText={message ? translate(message, { _: message }) : undefined}
    />
  );
}

export function IndustryCodeInput({ label, ...props }: InputProps & { label: string }) {
  const translate = useTranslate();
  const industries = useReferenceTree('industries');
  const { field, fieldState, id, isRequired } = useInput(props);
  const code = typeof field.value === 'string' ? field.value : '';
  const message = firstErrorMessage(fieldState.error);
  return (
    <Cascader
      id={id}
      name={field.name}
      options={industries.data}
      value={code ? pathTo(industries.data, code) : []}
      onChange={(chosen) => field.onChange(chosen[chosen.length - 1])}
      onBlur={field.onBlur}
      label={<FieldTitle label={label} source={props.source} isRequired={isRequired} />}
      error={!!message}
      helperText={message ? translate(message, { _: message }) : undefined}
    />
  );
}
