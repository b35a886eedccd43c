import type { MigrationFn } from '../migrator';

/**
 * A reconciliation item that found the projection differing from its workflow gets its own status, `drift`
 * (发现偏差), instead of `failed`: the 对账 batch did its job, and 失败 is kept for items it could not check.
 */
export const up: MigrationFn = async ({ context: sql }) => {
  await sql(`
    ALTER TABLE batch_items DROP CONSTRAINT IF EXISTS batch_items_status_check;
    ALTER TABLE batch_items ADD CONSTRAINT batch_items_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped', 'cancelled', 'drift'));
    UPDATE batch_items SET status = 'drift' WHERE status = 'failed' AND outcome = 'drift';
  `);
};

export const down: MigrationFn = async ({ context: sql }) => {
  await sql(`
    UPDATE batch_items SET status = 'failed' WHERE status = 'drift';
    ALTER TABLE batch_items DROP CONSTRAINT IF EXISTS batch_items_status_check;
    ALTER TABLE batch_items ADD CONSTRAINT batch_items_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped', 'cancelled'));
  `);
};
