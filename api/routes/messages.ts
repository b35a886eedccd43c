/**
 * 站内信 of the signed-in user: reminders before deadlines, decisions, reasons for 取消推荐 / 退回, registration
 * decisions. A user sees only their own messages; another user's message id reads as not found.
 */
import { z } from 'zod';
import type { Routes } from '../http';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { Paging, pageOf, ListPage } from './accounts';

export const MessageView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  submissionId: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
  readAt: z.string().nullable(),
});

interface Row {
  id: string;
  title: string;
  body: string;
  submission_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const view = (r: Row) => ({
  id: String(r.id),
  title: r.title,
  body: r.body,
  submissionId: r.submission_id,
  createdAt: new Date(r.created_at).toISOString(),
  read: r.read_at !== null,
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

const IdParams = z.object({ id: z.string() });
const NOT_FOUND = '消息不存在';
const isId = (id: string) => /^\d{1,18}$/.test(id);

export function messageRoutes(routes: Routes, deps: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/messages',
      summary: '我的站内信（新的在前）：unread=true 只看未读，分页',
      tags: ['站内信'],
      auth: 'user',
      access: 'signed-in',
      query: Paging.extend({ unread: z.enum(['true', 'false'], { error: 'unread 应为 true 或 false' }).optional() }),
      response: ListPage(MessageView),
    },
    async ({ query, actor }) => {
      const { limit, offset } = pageOf(query);
      const where = `user_id = :userId ${query.unread === 'true' ? 'AND read_at IS NULL' : ''}`;
      const [rows] = await deps.sequelize.query(
        `SELECT id, title, body, submission_id, created_at, read_at FROM messages WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset`,
        { replacements: { userId: actor.userId, limit, offset } },
      );
      const [[count]] = (await deps.sequelize.query(`SELECT count(*) AS total FROM messages WHERE ${where}`, { replacements: { userId: actor.userId } })) as [
        { total: string }[],
        unknown,
      ];
      return { data: (rows as Row[]).map(view), total: Number(count?.total ?? 0) };
    },
  );

  routes.add(
    { method: 'get', path: '/api/messages/:id', summary: '查看一条站内信', tags: ['站内信'], auth: 'user', access: 'signed-in', params: IdParams, response: MessageView, errors: [404] },
    async ({ params, actor }) => {
      if (!isId(params.id)) throw notFound(NOT_FOUND);
      const [rows] = await deps.sequelize.query('SELECT id, title, body, submission_id, created_at, read_at FROM messages WHERE id = :id AND user_id = :userId', {
        replacements: { id: params.id, userId: actor.userId },
      });
      const row = (rows as Row[])[0];
      if (!row) throw notFound(NOT_FOUND);
      return view(row);
    },
  );

  routes.add(
    { method: 'post', path: '/api/messages/:id/read', summary: '标记一条站内信为已读', tags: ['站内信'], auth: 'user', access: 'signed-in', params: IdParams, errors: [404] },
    async ({ params, actor }) => {
      if (!isId(params.id)) throw notFound(NOT_FOUND);
      const [rows] = await deps.sequelize.query(
        'UPDATE messages SET read_at = coalesce(read_at, :now) WHERE id = :id AND user_id = :userId RETURNING id',
        { replacements: { id: params.id, userId: actor.userId, now: deps.clock() } },
      );
      if ((rows as unknown[]).length === 0) throw notFound(NOT_FOUND);
      return undefined;
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/messages/read-all',
      summary: '全部站内信标记为已读',
      tags: ['站内信'],
      auth: 'user',
      access: 'signed-in',
      response: z.object({ updated: z.number() }),
    },
    async ({ actor }) => {
      const [rows] = await deps.sequelize.query('UPDATE messages SET read_at = :now WHERE user_id = :userId AND read_at IS NULL RETURNING id', {
        replacements: { userId: actor.userId, now: deps.clock() },
      });
      return { updated: (rows as unknown[]).length };
    },
  );
}
