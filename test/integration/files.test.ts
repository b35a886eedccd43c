/**
 * Images of the declaration form (现场拓扑图, 组网拓扑图): PNG/JPEG by content, at most 5 MB, stored outside the web
 * root under a random name, shown only to the owner and to those who may read a project that shows the image.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startStack, type Stack } from '../support/stack';
import { PNG_SIGNATURE, pngChunk } from '../support/images';
import { hashPassword } from '../../db/passwords';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../db/seed';
import { exampleForm, exampleEnterpriseProfile } from '../../domain/form';
import { assertOwnedFiles } from '../../api/files/references';
import { saveWholeForm } from '../support/lifecycle';

let stack: Stack;
let enterprise: string;
beforeAll(async () => {
  stack = await startStack();
  enterprise = await stack.login('gzfactory');
});
afterAll(async () => {
  await stack.stop();
  fs.rmSync(stack.env.UPLOAD_DIR, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Test images

/** A real, decodable 2×2 RGB PNG. */
function realPng(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(pixels)), pngChunk('IEND', Buffer.alloc(0))]);
}
/** A real 3×2 JPEG (Go's image/jpeg encoder). */
const JPEG = Buffer.from(
  '/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIAAIAAwMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AMeiiiuE+oP/2Q==',
  'base64',
);
/** The same JPEG carrying a comment segment (COM) with personal data: stored without it. */
const jpeg = () => {
  const comment = Buffer.from('拍摄：张三 广州', 'utf8');
  return Buffer.concat([JPEG.subarray(0, 2), Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment, JPEG.subarray(2)]);
};
/** A Windows executable: 'MZ' header. */
const exe = () => Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(510, 0x90)]);

async function upload(token: string, content: Buffer, fileName: string, declaredType = 'image/png', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(content)], { type: declaredType }), fileName);
  const res = await fetch(`${stack.baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function download(token: string | undefined, id: string) {
  const res = await fetch(`${stack.baseUrl}/api/files/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
}

async function createAccount(username: string, role: string, extra: { provinceCode?: string; cityCode?: string; uscc?: string; orgName?: string } = {}) {
  await stack.sequelize.query(
    `INSERT INTO users (id, username, password_hash, name, mobile, role, province_code, city_code, org_name, uscc, status)
     VALUES (:id, :username, :hash, :name, NULL, :role, :provinceCode, :cityCode, :orgName, :uscc, 'active')`,
    {
      replacements: {
        id: crypto.randomUUID(),
        username,
        hash: await hashPassword(DEMO_PASSWORD),
        name: username,
        role,
        provinceCode: extra.provinceCode ?? null,
        cityCode: extra.cityCode ?? null,
        orgName: extra.orgName ?? username,
        uscc: extra.uscc ?? null,
      },
    },
  );
  return stack.login(username);
}

// ---------------------------------------------------------------------------------------------------------------

describe('uploading an image', () => {
  test('a real PNG is accepted (201), stored outside the web root under a random name with its sha256', async () => {
    const content = realPng();
    const res = await upload(enterprise, content, '现场拓扑图.png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), mime: 'image/png', size: content.length, url: `/api/files/${res.body.id}` });

    const [rows] = await stack.sequelize.query('SELECT storage_name, original_name, mime, size, sha256, owner_id FROM files WHERE id = :id', { replacements: { id: res.body.id } });
    const row = (rows as { storage_name: string; original_name: string; mime: string; size: number; sha256: string }[])[0];
    expect(row).toMatchObject({ original_name: '现场拓扑图.png', mime: 'image/png', size: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex') });
    expect(row.storage_name).toBe(`${res.body.id.slice(0, 2)}/${res.body.id}`);
    const onDisk = path.join(stack.env.UPLOAD_DIR, row.storage_name);
    expect(fs.readFileSync(onDisk).equals(content)).toBe(true);
    expect(path.resolve(onDisk).startsWith(path.resolve(stack.env.UPLOAD_DIR) + path.sep)).toBe(true);
  });

  test('a file over 5 MB is refused with 413 图片不能超过5MB', async () => {
    const big = Buffer.concat([realPng(), Buffer.alloc(6 * 1024 * 1024)]);
    const res = await upload(enterprise, big, 'big.png');
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'FILE_TOO_LARGE', message: '图片不能超过5MB' } });
  });

  test('an .exe renamed .png (and declared image/png) is refused: the content decides', async () => {
    const res = await upload(enterprise, exe(), 'topology.png', 'image/png');
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: 'UNSUPPORTED_IMAGE', message: '仅支持PNG或JPEG格式的图片', details: [{ path: 'file', message: '仅支持PNG或JPEG格式的图片' }] });
  });

  test('a PNG renamed .exe is refused by its name: an image must be named .png, .jpg or .jpeg', async () => {
    const res = await upload(enterprise, realPng(), 'setup.exe', 'application/x-msdownload');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('图片文件名须以.png、.jpg或.jpeg结尾');
  });

  test('a JPEG named .png and declared image/png is stored and served as the JPEG it is', async () => {
    const content = jpeg();
    const res = await upload(enterprise, content, 'photo.PNG', 'image/png');
    expect(res.status).toBe(201);
    expect(res.body.mime).toBe('image/jpeg');
    const got = await download(enterprise, res.body.id);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    // Metadata is not kept (issue 14.8): what is served is the image without the comment.
    expect(got.bytes.equals(JPEG)).toBe(true);
    expect(res.body.size).toBe(JPEG.length);
  });

  test('a decompression bomb (a PNG claiming 20000×20000 pixels) is refused with the limits named', async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(20000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const bomb = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024 * 1024))), pngChunk('IEND', Buffer.alloc(0))]);
    const res = await upload(enterprise, bomb, 'bomb.png');
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({
      code: 'IMAGE_TOO_BIG',
      message: '图片尺寸过大：宽和高均不能超过10000像素，总像素不超过5000万',
      details: [{ path: 'file', message: '图片尺寸过大：宽和高均不能超过10000像素，总像素不超过5000万' }],
    });
  });

  test('a GIF or a text file is refused', async () => {
    expect((await upload(enterprise, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'a.jpg', 'image/jpeg')).body.error.message).toBe('仅支持PNG或JPEG格式的图片');
    expect((await upload(enterprise, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.png')).body.error.message).toBe('仅支持PNG或JPEG格式的图片');
  });

  test('without a file, or under another field name, the upload is refused with a field message', async () => {
    const empty = await fetch(`${stack.baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${enterprise}` }, body: new FormData() });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: unknown }).error).toEqual({ code: 'FILE_REQUIRED', message: '请选择要上传的图片', details: [{ path: 'file', message: '请选择要上传的图片' }] });
    const wrongField = await upload(enterprise, realPng(), 'a.png', 'image/png', 'image');
    expect(wrongField.status).toBe(422);
    expect(wrongField.body.error.message).toBe('每次只能上传一张图片，字段名为file');
  });

  test('only enterprise users upload; without a token it is 401', async () => {
    const regulator = await stack.login('gd_miit');
    const res = await upload(regulator, realPng(), 'a.png');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('只有企业用户可以上传项目图片');
    expect((await fetch(`${stack.baseUrl}/api/files`, { method: 'POST', body: new FormData() })).status).toBe(401);
  });

  test('at most 200 images a day per enterprise (429), so a script cannot fill the disk', async () => {
    const busy = await createAccount('busyfactory', 'enterprise', { uscc: '91440101MA5BUSY01X', orgName: '上传很多图片的企业' });
    await stack.sequelize.query(
      `INSERT INTO files (id, owner_id, storage_name, mime, size, sha256, created_at)
       SELECT gen_random_uuid(), u.id, 'seeded/' || g, 'image/png', 1, repeat('0', 64), now() - interval '1 hour'
         FROM users u, generate_series(1, 200) g WHERE u.username = 'busyfactory'`,
    );
    const res = await upload(busy, realPng(), 'one-more.png');
    expect(res.status).toBe(429);
    expect(res.body.error.message).toBe('每天最多上传200张图片，请明天再试');
  });

  test('each upload is in the audit log', async () => {
    const res = await upload(enterprise, realPng(), 'audit.png');
    const [rows] = await stack.sequelize.query("SELECT username, outcome FROM audit_log WHERE action = 'file.upload' AND target_id = :id", { replacements: { id: res.body.id } });
    expect(rows).toEqual([{ username: 'gzfactory', outcome: 'ok' }]);
  });
});

describe('who may see an image', () => {
  let siteImage: string;
  let networkImage: string;
  let projectId: string;
  let otherEnterprise: string;
  const content = realPng();

  beforeAll(async () => {
    siteImage = (await upload(enterprise, content, 'site.png')).body.id;
    networkImage = (await upload(enterprise, realPng(), 'network.png')).body.id;
    otherEnterprise = await createAccount('szfactory', 'enterprise', { provinceCode: '440000', cityCode: '440300', uscc: '91440300MA5FXXXX1X', orgName: '深圳另一家制造有限公司' });
    const form = exampleForm();
    form.projectInfo.siteTopologyImage = siteImage;
    form.infrastructure.networkTopologyImage = networkImage;
    const created = await stack.api('POST', '/api/projects', { token: enterprise, body: { projectInfo: form.projectInfo } });
    expect([created.status, created.body]).toEqual([201, expect.objectContaining({ phase: 'draft' })]);
    projectId = created.body.id;
    await saveWholeForm(stack, enterprise, projectId, form, { skip: ['projectInfo'] });
    const profile = exampleEnterpriseProfile();
    profile.enterpriseInfo.creditCode = DEMO_ACCOUNTS.find((a) => a.username === 'gzfactory')!.uscc!;
    const year = created.body.year;
    expect((await stack.api('PUT', `/api/enterprise-profiles/${year}`, { token: enterprise, body: profile })).status).toBe(200);
  });

  test('the owner gets its image with its type, nosniff and inline', async () => {
    const got = await download(enterprise, siteImage);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe(`inline; filename="${siteImage}.png"`);
    expect(got.bytes.equals(content)).toBe(true);
  });

  test('another enterprise gets 404, as for a file that does not exist; without a token 401', async () => {
    const got = await download(otherEnterprise, siteImage);
    expect(got.status).toBe(404);
    expect(got.json()).toEqual({ error: { code: 'NOT_FOUND', message: '图片不存在' } });
    expect((await download(otherEnterprise, crypto.randomUUID())).json()).toEqual({ error: { code: 'NOT_FOUND', message: '图片不存在' } });
    expect((await download(undefined, siteImage)).status).toBe(401);
  });

  test('an enterprise cannot claim another enterprise\'s image by putting its id in its own form', async () => {
    expect(await assertOwnedFiles(stack.sequelize, await userId('szfactory'), { projectInfo: { siteTopologyImage: siteImage }, infrastructure: { networkTopologyImage: networkImage } })).toEqual([
      { section: 'projectInfo', path: 'siteTopologyImage', message: '现场拓扑图不存在或不是本企业上传的图片，请重新上传' },
      { section: 'infrastructure', path: 'networkTopologyImage', message: '现场网络组网拓扑图不存在或不是本企业上传的图片，请重新上传' },
    ]);
    expect(await assertOwnedFiles(stack.sequelize, await userId('gzfactory'), { projectInfo: { siteTopologyImage: siteImage } })).toEqual([]);
    // Even if such an id got into its form, the image is served only through the owner's own projects.
    const theirs = await stack.api('POST', '/api/projects', { token: otherEnterprise, body: { projectInfo: { name: '深圳另一家5G工厂' } } });
    await stack.sequelize.query(`UPDATE submissions SET sections = jsonb_set(sections, '{projectInfo,siteTopologyImage}', to_jsonb(CAST(:id AS text))) WHERE id = :sid`, { replacements: { id: siteImage, sid: theirs.body.id } });
    expect((await download(otherEnterprise, siteImage)).status).toBe(404);
  });

  test('a regulator of the project\'s province sees the images once the project is submitted, not before', async () => {
    const provincial = await stack.login('gd_miit');
    const city = await stack.login('gz_miit');
    expect((await download(provincial, siteImage)).status).toBe(404);

    const submitted = await stack.api('POST', `/api/projects/${projectId}/submit`, { token: enterprise });
    expect(submitted.status).toBe(200);
    expect(submitted.body.phase).toBe('submitted');

    for (const token of [provincial, city, await stack.login('gd_ca'), await stack.login('miit')]) {
      const got = await download(token, siteImage);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(content)).toBe(true);
      expect((await download(token, networkImage)).status).toBe(200);
    }
  });

  test('a regulator of another province, an operator not invited and an admin get 404', async () => {
    const beijing = await createAccount('bj_miit', 'province_miit', { provinceCode: '110000' });
    for (const token of [beijing, await stack.login('gdmobile'), await stack.login('admin'), await stack.login('expert1')]) {
      expect((await download(token, siteImage)).status).toBe(404);
    }
  });

  test('an image no longer in the form is no longer shown to regulators', async () => {
    const replacement = (await upload(enterprise, realPng(), 'site-v2.png')).body.id;
    const form = exampleForm();
    form.projectInfo.siteTopologyImage = replacement;
    const saved = await stack.api('PUT', `/api/projects/${projectId}/sections/projectInfo`, { token: enterprise, body: form.projectInfo });
    expect(saved.status).toBe(200);
    const provincial = await stack.login('gd_miit');
    expect((await download(provincial, replacement)).status).toBe(200);
    expect((await download(provincial, siteImage)).status).toBe(404);
    expect((await download(enterprise, siteImage)).status).toBe(200);
  });
});

async function userId(username: string): Promise<string> {
  const [rows] = await stack.sequelize.query('SELECT id FROM users WHERE username = :username', { replacements: { username } });
  return (rows as { id: string }[])[0].id;
}
