/**
 * A plain (not react-admin) choice among a few options: year, 材料类型, 企业性质, a batch item's status… The value
 * comes back with its own type (a year stays a number).
 */
import type { ReactNode } from 'react';
import { MenuItem, TextField, type TextFieldProps } from '@mui/material';

export interface SelectOption<V extends string | number> {
  value: V;
  label: ReactNode;
}

export type SelectFieldProps<V extends string | number> = {
  options: readonly SelectOption<V>[];
  value: V | '';
  onValue: (value: V) => void;
} & Omit<TextFieldProps, 'select' | 'value' | 'onChange' | 'children'>;

export function SelectField<V extends string | number>({ options, value, onValue, ...props }: SelectFieldProps<V>) {
  return (
    <TextField select value={value} onChange={(e) => onValue(e.target.value as V)} {...props}>
      {options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
