import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { createCaptcha } from '../auth/captcha';
import { login } from '../auth/login';
import { revokeSession } from '../auth/sessions';
import { PublicUserSchema, publicUser } from '../auth/publicUser';
import { audit } from '../audit';
import { notFound } from '../errors';

const LoginBody = z.object({
  username: z.string({ error: '请输入账号' }).trim().min(1, '请输入账号').max(100, '账号过长'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
  captchaId: z.string().max(100).optional(),
  captcha: z.string().max(20).optional(),
});

export function authRoutes(routes: Routes, deps: AppDeps): void {
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
      summary: '账号密码登录',
      tags: ['账号'],
      auth: 'public',
      body: LoginBody,
      response: z.object({ token: z.string(), user: PublicUserSchema }),
      errors: [400, 401, 403, 429],
    },
    ({ body, req }) => login(deps, body, req),
  );

  routes.add(
    { method: 'post', path: '/api/auth/logout', summary: '退出登录（吊销当前令牌）', tags: ['账号'], auth: 'user' },
    async ({ req, actor }) => {
      await revokeSession(deps.sequelize, req.sessionTokenHash!, deps.clock());
      await audit(deps.sequelize, { action: 'auth.logout', actor }, req);
      return undefined;
    },
  );

  routes.add(
    { method: 'get', path: '/api/me', summary: '当前登录用户', tags: ['账号'], auth: 'user', response: PublicUserSchema },
    async ({ actor }) => {
      const user = await deps.models.User.findByPk(actor.userId);
      if (!user) throw notFound('用户不存在');
      return publicUser(user);
    },
  );
}
