import type { MigrationFn } from '../migrator';

/**
 * 相关材料 (issue 12.5): a material's file belongs to the declaration (submission) it was uploaded to, which decides who
 * may download it — whoever may read that declaration, also after the material was removed from the current form
 * (a saved version still lists it). Images (submission_id NULL) keep their own rule.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    ALTER TABLE files ADD COLUMN submission_id uuid REFERENCES submissions (id) ON DELETE SET NULL;
    CREATE INDEX files_submission_idx ON files (submission_id) WHERE submission_id IS NOT NULL;
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP INDEX IF EXISTS files_submission_idx;
    ALTER TABLE files DROP COLUMN IF EXISTS submission_id;
  `);
};
