import type { MigrationFn } from '../migrator';

/**
 * Indexes for the regulator list filters (SPEC §6: 状态, 建设阶段, 行业, 项目层级, 地区, 年度) within a jurisdiction, and
 * for the default sort, so that a page and its count stay index scans over a year of 10,000+ declarations.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE INDEX submissions_province_year_phase_idx ON submissions (province_code, year, phase, updated_at DESC) WHERE submitted_at IS NOT NULL;
    CREATE INDEX submissions_city_year_phase_idx ON submissions (city_code, year, phase, updated_at DESC) WHERE submitted_at IS NOT NULL;
    CREATE INDEX submissions_year_industry_idx ON submissions (year, industry);
    CREATE INDEX submissions_year_stage_level_idx ON submissions (year, stage, level);
    CREATE INDEX submissions_enterprise_name_trgm_free_idx ON submissions (year, enterprise_name);
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP INDEX IF EXISTS submissions_province_year_phase_idx, submissions_city_year_phase_idx, submissions_year_industry_idx,
      submissions_year_stage_level_idx, submissions_enterprise_name_trgm_free_idx;
  `);
};
