/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/**
 * The inputs of one section of the declaration form, from its layout (layout.ts). Field messages — the browser's
 * draft check and the server's 422 details — show under each field, since the form state is keyed by the same paths.
 */
import type { ReactNode } from 'react';
import { Box, Divider, TextField as MuiTextField, Typography } from '@mui/material';
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
import type { SectionKey } from '../../../../domain/form';
import { AddressInput, IndustryCodeInput } from '../../components/CodeInputs';
import { ImageUploadInput } from '../../components/ImageUpload';
import { labelOf, SECTION_LAYOUT, type FieldSpec } from './layout';

const choicesOf = (options: readonly string[]) => options.map((option) => ({ id: option, name: option }));

/** One input; `rowsSource` for a column of a repeating row. */
function Input({ section, spec, rowsSource, values }: { section: SectionKey; spec: FieldSpec; rowsSource?: string; values: any }) {
  if (spec.kind === 'heading') return null;
  const label = labelOf(section, spec.source, rowsSource);
  const common = { source: spec.source, label, helperText: false as const };
  const inRow = !!rowsSource;
  switch (spec.kind) {
    case 'text':
      return <TextInput {...common} fullWidth={!inRow} />;
    case 'longtext':
      return <TextInput {...common} multiline minRows={3} fullWidth />;
    case 'amount':
      return <NumberInput {...common} min={0} step={0.01} fullWidth={!inRow} />;
    case 'count':
      return <NumberInput {...common} min={0} step={1} fullWidth={!inRow} />;
    case 'percent':
      return <NumberInput {...common} min={0} max={100} step={0.01} fullWidth={!inRow} />;
    case 'date':
      return <DateInput {...common} fullWidth />;
    case 'choice':
      return spec.options.length <= 2 && !inRow ? (
        <RadioButtonGroupInput {...common} choices={choicesOf(spec.options)} translateChoice={false} />
      ) : (
        <SelectInput
          {...common}
          choices={choicesOf(spec.options)}
          translateChoice={false}
          fullWidth={!inRow}
          sx={inRow ? { minWidth: 160 } : undefined}
          emptyText="app.form.none_selected"
        />
      );
    case 'multi':
      return (
        <CheckboxGroupInput {...common} choices={choicesOf(spec.options)} translateChoice={false} row />
      );
    case 'image':
      return <ImageUploadInput source={spec.source} label={label} />;
    case 'region':
      return <AddressInput source={spec.source} label={label} />;
    case 'industry':
      return <IndustryCodeInput source={spec.source} label={label} />;
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
    case 'rows':
      return (
        <ArrayInput source={spec.source} label={label} helperText={false}>
          <SimpleFormIterator inline disableReordering disableClear fullWidth>
            {spec.columns.map((column) => (
              <Input key={column.source} section={section} spec={column} rowsSource={spec.source} values={values} />
            ))}
          </SimpleFormIterator>
        </ArrayInput>
      );
  }
}

function Cell({ half, children }: { half?: boolean; children: ReactNode }) {
  return <Box sx={{ gridColumn: { xs: 'span 2', md: half ? 'span 1' : 'span 2' } }}>{children}</Box>;
}

export function SectionFields({ section }: { section: SectionKey }) {
  const values = useWatch();
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 3, rowGap: 0.5, width: '100%' }}>
      {SECTION_LAYOUT[section].map((spec, index) => {
        if (spec.when && !spec.when(values)) return null;
        if (spec.kind === 'heading') {
          return (
            <Box key={`h${index}`} sx={{ gridColumn: 'span 2', mt: index ? 2 : 0 }}>
              <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
                {spec.title}
              </Typography>
              <Divider />
            </Box>
          );
        }
        return (
          <Cell key={spec.source} half={spec.half}>
            <Input section={section} spec={spec} values={values} />
          </Cell>
        );
      })}
    </Box>
  );
}
