/**
 * ASVS 5.0 (output): an unexpected failure is answered with a fixed Chinese message and the request id — never the
 * error's text, a stack trace or SQL — while the log keeps the whole error for the people on call (api/errors.ts).
 */
import pino from 'pino';
import type { Request, Response } from 'express';
import { errorHandler } from '../../api/errors';

function answer(err: unknown): { status: number; body: unknown; logged: string } {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  let status = 0;
  let body: unknown;
  const res = {
    headersSent: false,
    status(code: number) {
      status = code;
      return this;
    },
    json(value: unknown) {
      body = value;
      return this;
    },
  } as unknown as Response;
  errorHandler(logger)(err, { id: 'req-42' } as unknown as Request, res, () => undefined);
  return { status, body, logged: lines.join('\n') };
}

const sqlError = Object.assign(new Error('relation "users" does not exist'), {
  name: 'SequelizeDatabaseError',
  sql: 'SELECT password_hash FROM users WHERE username = $1',
  parent: Object.assign(new Error('relation "users" does not exist'), { code: '42P01' }),
});

test.each([
  ['a database error with its SQL', sqlError],
  ['a programming error', new TypeError("Cannot read properties of undefined (reading 'state')")],
  ['a thrown string', 'secret internal detail'],
])('%s is answered 500 with the fixed message and the request id only', (_name, err) => {
  const { status, body, logged } = answer(err);
  expect(status).toBe(500);
  expect(body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试', requestId: 'req-42' } });
  expect(JSON.stringify(body)).not.toMatch(/SELECT|relation|users|TypeError|state|secret| at /);
  // The log keeps what the answer leaves out.
  expect(logged).toContain('unexpected error');
});
