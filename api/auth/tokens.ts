import crypto from 'node:crypto';

/** Bearer tokens are 256 random bits; only their SHA-256 is stored, so a database leak reveals no usable token. */
export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
