import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { createCaptcha } from '../auth/captcha';
import { login } from '../auth/login';
import { revokeSession } from '../auth/sessions';
import { PublicUserSchema, publicUser } from '../auth/publicUser';
import { audit } from '../audit';
import { notFound } from '../errors';
import { createSmsSender, type SmsSender } from '../sms';

const LoginBody = z.object({
  username: z.string({ error: '请输入账号' }).trim().min(1, '请输入账号').max(100, '账号过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
  captchaId: z.string().max(100).optional(),
  captcha: z.string().max(20).optional(),
  /** The SMS code of an imported account's first sign-in (answer SMS_VERIFICATION_REQUIRED). */
  smsCode: z.string().trim().regex(/^\d{6}$/, '短信验证码为6位数字').optional(),
});

export function authRoutes(routes: Routes, deps: AppDeps, options: { smsSender?: SmsSender } = {}): void {
  const smsSender = options.smsSender ?? createSmsSender(deps.env, deps.logger);
  routes.add(
    {
      method: 'get',
      path: '/api/auth/captcha',
      summary: '获取图形验证码（一次有效，5分钟内过期）；required 为 false 时服务端未启用验证码（仅开发/测试环境）',
      tags: ['账号'],
      auth: 'public',
      response: z.object({ captchaId: z.string(), svg: z.string(), required: z.boolean() }),
    },
    async ({ res }) => {
      const { captchaId, svg } = await createCaptcha(deps.sequelize, deps.clock());
      res.set('Cache-Control', 'no-store');
      return { captchaId, svg, required: deps.env.CAPTCHA === 'on' };
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/login',
      summary:
        '账号密码登录。同一账号在同一地址失败2次后须填写图形验证码，失败5次锁定15分钟；导入账号首次以初始密码登录时须另填发送到登记手机的短信验证码（401 SMS_VERIFICATION_REQUIRED）',
      tags: ['账号'],
      auth: 'public',
      body: LoginBody,
      response: z.object({ token: z.string(), user: PublicUserSchema }),
      errors: [400, 401, 403, 429],
    },
    ({ body, req }) => login(deps, body, req, smsSender),
  );

  routes.add(
    { method: 'post', path: '/api/auth/logout', summary: '退出登录（吊销当前令牌）', tags: ['账号'], auth: 'user', access: 'signed-in' },
    async ({ req, actor }) => {
      await revokeSession(deps.sequelize, req.sessionTokenHash!, deps.clock());
      await audit(deps.sequelize, { action: 'auth.logout', actor }, req);
      return undefined;
    },
  );

  routes.add(
    { method: 'get', path: '/api/me', summary: '当前登录用户', tags: ['账号'], auth: 'user', access: 'signed-in', response: PublicUserSchema },
    async ({ actor }) => {
      const user = await deps.models.User.findByPk(actor.userId);
      if (!user) throw notFound('用户不存在');
      return publicUser(user, deps.clock());
    },
  );
}
