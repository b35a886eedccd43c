/* eslint-disable @typescript-eslint/no-explicit-any -- form values are untyped until the section's zod schema checks them */
/** 查看: one section of the declaration form, read-only, from the same layout as the form. */
import { Box, Divider, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'ra-core';
import type { SectionKey } from '../../../../domain/form';
import { industryPathText, regionPath } from '../../../../domain/reference';
import { ImagePreview } from '../../components/ImageUpload';
import { labelOf, SECTION_LAYOUT, valueAt, type FieldSpec } from './layout';

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
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              {spec.columns.map((c) => (
                <TableCell key={c.source}>{labelOf(section, c.source!, spec.source)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row, i) => (
              <TableRow key={i}>
                <TableCell>{i + 1}</TableCell>
                {spec.columns.map((c) => (
                  <TableCell key={c.source}>{displayValue(c, row?.[c.source!], row)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
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
            <Box key={`h${index}`} sx={{ gridColumn: 'span 2', mt: index ? 1 : 0 }}>
              <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
                {spec.title}
              </Typography>
              <Divider />
            </Box>
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
