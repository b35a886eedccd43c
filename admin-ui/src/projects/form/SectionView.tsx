/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/** 查看: one section of the declaration form, read-only, from the same layout as the form. */
import { Box, Typography } from '@mui/material';
import { useTranslate } from 'ra-core';
import type { SectionKey } from '../../../../domain/form';
import { industryPathText, regionPath } from '../../../../domain/reference';
import { ImagePreview } from '../../components/ImageUpload';
import { labelOf, SECTION_LAYOUT, valueAt, type FieldSpec } from './layout';
import { SectionHeading } from '../../components/SectionHeading';
import { SimpleTable, type SimpleColumn } from '../../components/SimpleTable';

export function displayValue(spec: FieldSpec, value: any, values: any): string {
  if (spec.kind === 'computed') value = spec.compute(values) ?? value;
  if (value === undefined || value === null || value === '') return '—';
  switch (spec.kind) {
    case 'region':
      return regionPath(value.provinceCode, value.cityCode, value.districtCode) || '—';
    case 'industry':
      return `${industryPathText(value)}（${value}）`;
    case 'multi':
      return Array.isArray(value) && value.length ? value.join('、') : '—';
    default:
      return String(value);
  }
}

/** A 列表 field's rows as table columns: the row's number, then each column's value as text. */
export function listColumns(section: SectionKey, spec: Extract<FieldSpec, { kind: 'rows' }>, numberLabel: string, shown = spec.columns): SimpleColumn<any>[] {
  return [
    { label: numberLabel, width: 56, cell: (_, index) => index + 1 },
    ...shown.map((column): SimpleColumn<any> => ({
      label: labelOf(section, column.source!, spec.source),
      cell: (row) => displayValue(column, row?.[column.source!], row),
    })),
  ];
}

function Rows({ section, spec, values }: { section: SectionKey; spec: Extract<FieldSpec, { kind: 'rows' }>; values: any }) {
  const translate = useTranslate();
  const rows: any[] = Array.isArray(valueAt(values, spec.source)) ? valueAt(values, spec.source) : [];
  return (
    <Box sx={{ gridColumn: 'span 2', overflowX: 'auto' }}>
      <Typography variant="body2" color="text.secondary">
        {labelOf(section, spec.source)}
      </Typography>
      {rows.length === 0 ? (
        <Typography>{translate('app.form.no_rows')}</Typography>
      ) : (
        <SimpleTable columns={listColumns(section, spec, '#')} rows={rows} rowKey={(_, i) => i} />
      )}
    </Box>
  );
}

export function SectionView({ section, values }: { section: SectionKey; values: any }) {
  const data = values ?? {};
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 3, rowGap: 1.5, width: '100%' }}>
      {SECTION_LAYOUT[section].map((spec, index) => {
        if (spec.when && !spec.when(data)) return null;
        if (spec.kind === 'heading') {
          return (
            <SectionHeading key={`h${index}`} title={spec.title} sx={{ gridColumn: 'span 2', mt: index ? 1 : 0 }} />
          );
        }
        if (spec.kind === 'rows') return <Rows key={spec.source} section={section} spec={spec} values={data} />;
        const label = labelOf(section, spec.source);
        const value = valueAt(data, spec.source);
        return (
          <Box key={spec.source} sx={{ gridColumn: { xs: 'span 2', md: spec.half ? 'span 1' : 'span 2' } }}>
            <Typography variant="body2" color="text.secondary">
              {label}
            </Typography>
            {spec.kind === 'image' ? (
              <ImagePreview fileId={value} alt={label} />
            ) : (
              <Typography sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{displayValue(spec, value, data)}</Typography>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
