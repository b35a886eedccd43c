import type { MigrationFn } from '../migrator';

/**
 * Uploaded images (issue 5). The `files` table itself is in 0001; this adds what serving them needs:
 * - GET /api/files/:id asks "which submissions of the owner show this file?" — partial expression indexes on the
 *   two image fields of the form (the same expressions as api/files/references.ts `imageFieldSql`), so the
 *   question stays an index lookup however many submissions there are;
 * - the daily upload cap counts an owner's recent uploads.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    CREATE INDEX submissions_site_topology_image_idx ON submissions ((sections -> 'projectInfo' ->> 'siteTopologyImage'))
      WHERE (sections -> 'projectInfo' ->> 'siteTopologyImage') IS NOT NULL;
    CREATE INDEX submissions_network_topology_image_idx ON submissions ((sections -> 'infrastructure' ->> 'networkTopologyImage'))
      WHERE (sections -> 'infrastructure' ->> 'networkTopologyImage') IS NOT NULL;
    CREATE INDEX files_owner_created_idx ON files (owner_id, created_at DESC);
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    DROP INDEX IF EXISTS files_owner_created_idx;
    DROP INDEX IF EXISTS submissions_network_topology_image_idx;
    DROP INDEX IF EXISTS submissions_site_topology_image_idx;
  `);
};
