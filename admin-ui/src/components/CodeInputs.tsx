/**
 * The form's two cascades bound to the shapes the domain schemas store:
 * - 实施地址: `{ provinceCode, cityCode, districtCode }` (GB/T 2260), chosen down to the district;
 * - 国民经济分类: the 小类 code alone (GB/T 4754-2017, e.g. '3982'), chosen down to the leaf.
 */
import { FieldTitle, useInput, useTranslate, type InputProps } from 'ra-core';
import type { FieldError } from 'react-hook-form';
import { Cascader } from './Cascader';
import { pathTo, useReferenceTree, type ReferenceTree, type TreeNode } from './referenceTrees';

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

/** A cascade over a reference tree bound to a form field that stores its own shape (`toCodes` / `fromCodes`). */
function TreeCodeInput({
  tree,
  label,
  maxDepth,
  toCodes,
  fromCodes,
  ...props
}: InputProps & {
  tree: ReferenceTree;
  label: string;
  maxDepth?: number;
  toCodes: (value: unknown, options: readonly TreeNode[]) => string[];
  fromCodes: (codes: string[]) => unknown;
}) {
  const translate = useTranslate();
  const { data } = useReferenceTree(tree);
  const { field, fieldState, id, isRequired } = useInput(props);
  // Nested errors (address.cityCode) are not in fieldState for the group: read them from the form state.
  const message = firstErrorMessage(fieldState.error);
  return (
    <Cascader
      id={id}
      name={field.name}
      options={data}
      value={toCodes(field.value, data)}
      onChange={(chosen) => field.onChange(fromCodes(chosen))}
      onBlur={field.onBlur}
      label={<FieldTitle label={label} source={props.source} isRequired={isRequired} />}
      maxDepth={maxDepth}
      error={!!message}
      helperText={message ? translate(message, { _: message }) : undefined}
    />
  );
}

export function AddressInput(props: InputProps & { label: string }) {
  return (
    <TreeCodeInput
      {...props}
      tree="regions"
      maxDepth={3}
      toCodes={(value) => {
        const address = (value ?? {}) as Address;
        return [address.provinceCode, address.cityCode, address.districtCode].filter((c): c is string => !!c);
      }}
      fromCodes={(chosen) => ({ provinceCode: chosen[0], cityCode: chosen[1], districtCode: chosen[2] })}
    />
  );
}

export function IndustryCodeInput(props: InputProps & { label: string }) {
  return (
    <TreeCodeInput
      {...props}
      tree="industries"
      toCodes={(value, options) => (typeof value === 'string' && value ? pathTo(options, value) : [])}
      fromCodes={(chosen) => chosen[chosen.length - 1]}
    />
  );
}
