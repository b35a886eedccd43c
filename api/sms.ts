/**
 * Sending SMS (短信): a pluggable sender, chosen by SMS_SENDER. A real gateway (阿里云/腾讯云短信, the
 * operator's 短信网关) implements `SmsSender` and is added to the choice in `createSmsSender`.
 *
 * The development sender `log` writes "短信验证码已发送" with the mobile masked. Outside production it also
 * writes the code in its own field `debugSmsCode` (not `code`, which the logger redacts), so a developer and the
 * integration tests can sign in; in production the code never reaches the log.
 */
import type { Logger } from 'pino';
import type { Env } from '../config/env';

export interface SmsSender {
  /** Deliver a sign-in code; throws when the gateway refuses (the caller answers 503). */
  sendLoginCode(mobile: string, code: string, ttlMinutes: number): Promise<void>;
}

/** 13800138001 → 138****8001 */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

export function logSmsSender(logger: Logger, options: { revealCode: boolean }): SmsSender {
  return {
    async sendLoginCode(mobile, code, ttlMinutes) {
      logger.info({ sms: 'login-code', mobile: maskMobile(mobile), ttlMinutes, ...(options.revealCode ? { debugSmsCode: code } : {}) }, '短信验证码已发送');
    },
  };
}

export function createSmsSender(env: Pick<Env, 'SMS_SENDER' | 'NODE_ENV'>, logger: Logger): SmsSender {
  switch (env.SMS_SENDER) {
    case 'log':
      return logSmsSender(logger, { revealCode: env.NODE_ENV !== 'production' });
  }
}
