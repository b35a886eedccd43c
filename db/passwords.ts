/** How a password is stored (users.password_hash) and checked: argon2id. Used by sign-in, account management and the demo seed. */
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, t=3, p=4): OWASP's recommended parameters or stronger. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spend the same time on an unknown user name as on a wrong password, so timing does not reveal which names exist. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('Dummy-password_0');
  await verifyPassword(await dummyHash, password);
}
