/**
 * Regenerates the checked-in reference data of domain/reference/ (run by hand: `npx tsx scripts/gen-reference.ts`).
 *
 * - regions.json from the npm package @vant/area-data (GB/T 2260 province/city/district codes and names);
 * - gbt4754-2017.json and 5g-typical-scenarios.json copied from the shared reference data.
 *
 * The application never reads ../shared or the vant package at run time: it imports the checked-in JSON,
 * so the API, the Temporal workflow bundle and the browser all see the same, reviewed version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { areaList } from '@vant/area-data';

const referenceDir = join(__dirname, '..', 'domain', 'reference');
const sharedDataDir = join(__dirname, '..', '..', 'shared', 'data');

/**
 * 台湾省, 香港特别行政区 and 澳门特别行政区 are left out: GB/T 2260 lists them without subdivisions (vant's
 * sub-codes for them are not GB/T 2260 codes), and no provincial 工信厅/通信管理局 of the programme covers them,
 * so a 5G工厂 project cannot be declared there.
 */
const EXCLUDED_PROVINCES = new Set(['710000', '810000', '820000']);

interface Region {
  code: string;
  name: string;
  children?: Region[];
}

/** The codes of one level that lie within `parent`: those sharing its first `digits` digits, in code order. */
function within(level: Record<string, string>, parent: string, digits: number): string[] {
  return Object.keys(level)
    .sort((a, b) => a.localeCompare(b))
    .filter((code) => code.slice(0, digits) === parent.slice(0, digits));
}

function buildRegions(): Region[] {
  return within(areaList.province_list, '', 0)
    .filter((provinceCode) => !EXCLUDED_PROVINCES.has(provinceCode))
    .map((provinceCode) => ({
      code: provinceCode,
      name: areaList.province_list[provinceCode],
      children: within(areaList.city_list, provinceCode, 2).map((cityCode) => ({
        code: cityCode,
        name: areaList.city_list[cityCode],
        children: within(areaList.county_list, cityCode, 4).map((districtCode) => ({
          code: districtCode,
          name: areaList.county_list[districtCode],
        })),
      })),
    }));
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(join(referenceDir, file), JSON.stringify(value) + '\n');
}

const vantVersion = (JSON.parse(readFileSync(require.resolve('@vant/area-data/package.json'), 'utf8')) as { version: string })
  .version;

writeJson('regions.json', {
  standard: 'GB/T 2260 中华人民共和国行政区划代码',
  source: `@vant/area-data ${vantVersion}`,
  levels: ['省', '市', '区县'],
  note:
    '直辖市的市级为同名市（北京市 110000 → 北京市 110100 → 东城区 110101）；省直辖县级行政区划归于“省直辖县”（419000、429000、469000、659000）；台湾省、香港、澳门不在申报范围内，未收录。',
  data: buildRegions(),
});
writeFileSync(join(referenceDir, 'gbt4754-2017.json'), readFileSync(join(sharedDataDir, 'gbt4754-2017.json')));
writeFileSync(
  join(referenceDir, '5g-typical-scenarios.json'),
  readFileSync(join(sharedDataDir, '5g-typical-scenarios.json')),
);
