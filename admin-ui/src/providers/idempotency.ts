/**
 * A fresh Idempotency-Key (8–64 letters, digits, `_` or `-`, as the API requires). crypto.randomUUID exists only in
 * secure contexts (HTTPS, localhost): an office reaching the server over plain HTTP by its address gets random bytes.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
