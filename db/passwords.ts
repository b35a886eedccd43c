/** How a password is stored (users.password_hash) and checked: argon2id. Used by sign-in, account management and the demo seed. */
import argon2 from 'argon2';
import { Counter } from 'prom-client';

/**
 * argon2id work done, by operation — exported at /metrics (api/metrics.ts registers it). An operator sees brute force
 * as a rise in `verify`; the account-rules test reads it to prove that an unknown name or mobile costs the same work
 * as a known one (issue 14.6: same answer, same timing — durations themselves may not be asserted in a test).
 */
export const passwordWork = new Counter({
  name: 'password_hash_operations_total',
  help: 'argon2id hashes computed (operation=hash) and checked (operation=verify): sign-in, SMS codes, password changes',
  labelNames: ['operation'] as const,
  registers: [],
});

/** argon2id with the library's defaults (64 MiB, t=3, p=4): OWASP's recommended parameters or stronger. */
export function hashPassword(password: string): Promise<string> {
  passwordWork.inc({ operation: 'hash' });
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  passwordWork.inc({ operation: 'verify' });
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spend the same time on an unknown user name as on a wrong password, so timing does not reveal which names exist. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= argon2.hash('Dummy-password_0', { type: argon2.argon2id });
  await verifyPassword(await dummyHash, password);
}
