/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * The inputs of one section of the declaration form, from its layout (layout.ts). Field messages — the browser's
 * draft check and the server's 422 details — show under each field, since the form state is keyed by the same paths.
 * Required fields carry the manual's * (FieldTitle's asterisk, hidden from the accessible name): `required` is the
 * set the completeness meter found by probing the submit schema, so a conditional field is marked exactly when
 * 提交 needs it.
 */
import type { ReactNode } from 'react';
import { Box, TextField as MuiTextField } from '@mui/material';
import {
  ArrayInput,
  CheckboxGroupInput,
  DateInput,
  NumberInput,
  RadioButtonGroupInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { PERCENT_LIMITS, type SectionKey } from '../../../../domain/form';
import { AddressInput, IndustryCodeInput } from '../../components/CodeInputs';
import { ImageUploadInput } from '../../components/ImageUpload';
import { DialogRowsInput } from './DialogRowsInput';
import { requiredColumns } from './formState';
import { labelOf, SECTION_LAYOUT, type FieldSpec } from './layout';
import { SectionHeading } from '../../components/SectionHeading';

const choicesOf = (options: readonly string[]) => options.map((option) => ({ id: option, name: option }));

export interface InputOptions {
  section: SectionKey;
  spec: FieldSpec;
  /** The list a column belongs to (its label is `list[].column`). */
  rowsSource?: string;
  /** A column laid out in a row of an inline list (narrow), rather than in a dialog or the section's grid. */
  inline?: boolean;
  values: any;
  isRequired?: boolean;
}

/** One input. */
export function Input({ section, spec, rowsSource, inline = false, values, isRequired = false }: InputOptions) {
  if (spec.kind === 'heading') return null;
  const label = labelOf(section, spec.source, rowsSource);
  const common = { source: spec.source, label, helperText: false as const, isRequired };
  switch (spec.kind) {
    case 'text':
      return <TextInput {...common} fullWidth={!inline} />;
    case 'longtext':
      return <TextInput {...common} multiline minRows={3} fullWidth />;
    case 'amount':
      return <NumberInput {...common} min={0} step={0.01} fullWidth={!inline} />;
    case 'count':
      return <NumberInput {...common} min={0} step={1} fullWidth={!inline} />;
    case 'percent':
      return (
        <NumberInput
          {...common}
          min={0}
          max={PERCENT_LIMITS[spec.source as keyof typeof PERCENT_LIMITS] ?? 100}
          step={0.01}
          fullWidth={!inline}
        />
      );
    case 'date':
      return <DateInput {...common} fullWidth />;
    case 'choice':
      return spec.options.length <= 2 && !inline && !rowsSource ? (
        <RadioButtonGroupInput {...common} choices={choicesOf(spec.options)} translateChoice={false} />
      ) : (
        <SelectInput
          {...common}
          choices={choicesOf(spec.options)}
          translateChoice={false}
          fullWidth={!inline}
          sx={inline ? { minWidth: 160 } : undefined}
          emptyText="app.form.none_selected"
        />
      );
    case 'multi':
      return <CheckboxGroupInput {...common} choices={choicesOf(spec.options)} translateChoice={false} row />;
    case 'image':
      return <ImageUploadInput source={spec.source} label={label} isRequired={isRequired} />;
    case 'region':
      return <AddressInput source={spec.source} label={label} isRequired={isRequired} />;
    case 'industry':
      return <IndustryCodeInput source={spec.source} label={label} isRequired={isRequired} />;
    case 'computed': {
      const value = spec.compute(values);
      return (
        <MuiTextField
          label={label}
          value={value ?? ''}
          fullWidth
          size="small"
          variant="filled"
          slotProps={{ input: { readOnly: true } }}
          helperText="根据数量 × 单价自动计算"
          data-testid={`computed-${spec.source}`}
        />
      );
    }
    case 'rows': {
      const columnsRequired = new Set(requiredColumns(section, spec.source));
      if (spec.dialog) return <DialogRowsInput section={section} spec={spec} isRequired={isRequired} />;
      return (
        <ArrayInput source={spec.source} label={label} helperText={false} isRequired={isRequired}>
          <SimpleFormIterator inline disableReordering disableClear fullWidth>
            {spec.columns.map((column) => (
              <Input
                key={column.source}
                section={section}
                spec={column}
                rowsSource={spec.source}
                inline
                values={values}
                isRequired={columnsRequired.has(column.source!)}
              />
            ))}
          </SimpleFormIterator>
        </ArrayInput>
      );
    }
  }
}

function Cell({ half, children }: { half?: boolean; children: ReactNode }) {
  return <Box sx={{ gridColumn: { xs: 'span 2', md: half ? 'span 1' : 'span 2' } }}>{children}</Box>;
}

/**
 * `required`: react-hook-form paths of the fields 提交 needs now (a list counts as required when it needs a row).
 */
export function SectionFields({ section, required }: { section: SectionKey; required: ReadonlySet<string> }) {
  const values = useWatch();
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 3, rowGap: 0.5, width: '100%' }}>
      {SECTION_LAYOUT[section].map((spec, index) => {
        if (spec.when && !spec.when(values)) return null;
        if (spec.kind === 'heading') {
          return (
            <SectionHeading key={`h${index}`} title={spec.title} sx={{ gridColumn: 'span 2', mt: index ? 2 : 0 }} />
          );
        }
        return (
          <Cell key={spec.source} half={spec.half}>
            <Input section={section} spec={spec} values={values} isRequired={isRequiredPath(required, spec.source)} />
          </Cell>
        );
      })}
    </Box>
  );
}

/** A field is required when its path is, or (for a group such as 实施地址) when one of its parts is. */
function isRequiredPath(required: ReadonlySet<string>, source: string): boolean {
  if (required.has(source)) return true;
  for (const path of required) if (path.startsWith(`${source}.`) && !/^\d/.test(path.slice(source.length + 1))) return true;
  return false;
}
