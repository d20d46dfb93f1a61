// Attachments (补正材料 as scans and photos) over the real API, worker and Temporal: the requester
// uploads with the tracking code and ticks the materials off, an officer of the case downloads, the
// type is judged by the bytes, photos lose their GPS position, files never enter the workflow's
// history, every download is audited, and the S3 path stores the same way in a bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { appOver, startHarness, type Harness } from './support/harness.js';
import { decide, getCase, openCase } from './support/cases.js';
import { historyText } from './support/history.js';
import { attachmentBlobs, attachments } from '../db/schema.js';
import { attachmentStorage } from '../services/attachment-store.js';
import { cleanFileName, contentDisposition } from '../domain/attachments.js';
import { first } from '../db/store.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A multipart/form-data body as a browser's FormData would send it. */
function form(parts: { name: string; value?: string; filename?: string; type?: string; data?: Buffer }[]) {
  const boundary = `----test${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`));
    chunks.push(p.data ?? Buffer.from(p.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const MARKER = 'FILE-BYTES-MARKER-7Q2Z';
/** A real (if minimal) PDF of about `size` bytes, padded with a comment stream that carries the marker. */
function pdf(size: number): Buffer {
  const head = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${MARKER}\n`);
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const pad = Buffer.alloc(Math.max(0, size - head.length - tail.length), `% ${MARKER} padding\n`);
  return Buffer.concat([head, pad, tail]);
}

async function upload(app: Harness['app'], caseId: string, auth: Record<string, string>, file: { filename: string; type: string; data: Buffer }, fields: Record<string, string> = {}) {
  const f = form([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', ...file }]);
  return app.inject({ method: 'POST', url: `/v1/cases/${caseId}/attachments`, headers: { ...auth, ...f.headers }, payload: f.payload });
}

describe('attachments on a case', () => {
  it('the requester uploads a 2 MB PDF for a requested material and ticks it off; an officer of the case downloads it; files stay out of the history; downloads are audited', async () => {
    const c = await openCase(h, 'housing.fc1', { requester: { kind: 'person', name: '陈女士', phone: '13905625555' } });
    const asked = await decide(h, c.id, 'housing.fc1', { action: 'request_materials', items: ['身份证复印件', '购房合同'], note: '请上传扫描件' });
    expect(asked.statusCode, asked.body).toBe(200);
    const requester = { 'x-tracking-code': c.trackingCode };

    const bytes = pdf(2 * 1024 * 1024);
    const up = await upload(h.app, c.id, requester, { filename: '购房合同.pdf', type: 'application/pdf', data: bytes }, { purpose: 'materials', item: '购房合同' });
    expect(up.statusCode, up.body).toBe(201);
    const a = up.json();
    expect(a).toMatchObject({ caseId: c.id, mediaType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), purpose: 'materials', item: '购房合同', uploaderKind: 'requester', processing: 'none', fileName: '购房合同.pdf' });
    expect(a.uploadedBy).toBeUndefined();

    // The answer names an item that was not asked for: refused, nothing changes.
    const wrong = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials`, headers: requester, payload: { items: ['户口簿'] } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('MATERIALS_NOT_REQUESTED');
    // A reference whose hash is not the stored file's: refused too.
    const forged = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials`, headers: requester, payload: { items: ['购房合同'], attachments: [{ id: a.id, sha256: '0'.repeat(64), size: a.size, item: '购房合同' }] } });
    expect(forged.statusCode).toBe(422);
    expect(forged.json().code).toBe('UNKNOWN_ATTACHMENT');
    expect((await getCase(h, c.id)).status).toBe('awaiting_materials');

    const ref = { id: a.id, sha256: a.sha256, size: a.size, item: '购房合同' };
    const supplied = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/materials`, headers: requester, payload: { items: ['购房合同'], attachments: [ref] } });
    expect(supplied.statusCode, supplied.body).toBe(200);
    const s = supplied.json();
    expect(s.materials).toMatchObject({ items: ['身份证复印件', '购房合同'], supplied: ['购房合同'], attachments: [ref] });
    // The step carries the references; the officers' view shows its data (the requester's shows no step data).
    const officerView = await getCase(h, c.id);
    expect(officerView.timeline.find((x: { action: string }) => x.action === 'materials_supplied').data).toMatchObject({ items: ['购房合同'], attachments: [ref] });

    // The officer of the case lists and downloads it: the same bytes, always as a download.
    const list = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments`, headers: h.as('housing.fc1') });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: a.id, uploadedBy: 'requester' })]);
    const got = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${a.id}`, headers: h.as('housing.fc1') });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(contentDisposition('购房合同.pdf'));
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    // The requester reads it back with the code.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${a.id}`, headers: requester })).statusCode).toBe(200);

    // An officer of another unit: the case is not theirs to see, so neither are its files.
    for (const req of [
      { method: 'GET' as const, url: `/v1/cases/${c.id}/attachments/${a.id}` },
      { method: 'GET' as const, url: `/v1/cases/${c.id}/attachments` },
    ]) {
      const r = await h.app.inject({ ...req, headers: h.as('civil.fc1') });
      expect(r.statusCode, req.url).toBe(404);
      expect(r.json().code).toBe('CASE_NOT_FOUND');
    }
    expect((await upload(h.app, c.id, h.as('civil.fc1'), { filename: 'x.pdf', type: 'application/pdf', data: pdf(2000) })).statusCode).toBe(404);
    // Someone who sees the case but not its files (an administrator) is refused in words.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${a.id}`, headers: h.as('admin') })).json().code).toBe('FORBIDDEN_ROLE');

    // The workflow holds the reference (id, SHA-256, size), never the bytes.
    const history = await historyText(h, c.workflowId);
    expect(history).toContain(a.id);
    expect(history).toContain(a.sha256);
    expect(history).not.toContain(MARKER);
    expect(history).not.toContain(bytes.subarray(0, 4096).toString('base64').slice(0, 64));
    expect(history).not.toContain('%PDF-1.4');

    // The audit lists both downloads, the officer's and the requester's; the requester cannot read it.
    const audit = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/downloads`, headers: h.as('sup-1') });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items.map((d: { readerId: string; attachmentId: string }) => [d.readerId, d.attachmentId])).toEqual([
      ['requester', a.id],
      ['housing.fc1', a.id],
    ]);
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/downloads`, headers: h.as('housing.fc1') })).statusCode).toBe(403);
  });

  it('refuses a file above 10 MB (413) and one whose bytes are not PDF, JPEG or PNG whatever its name (415), and stores neither', async () => {
    const c = await openCase(h, 'civil.fc1');
    const before = (await h.db.select().from(attachments)).length;
    const big = await upload(h.app, c.id, h.as('civil.fc1'), { filename: 'big.pdf', type: 'application/pdf', data: pdf(11 * 1024 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', maxBytes: 10 * 1024 * 1024 });
    // A Windows program renamed .pdf and declared as a PDF: its bytes say otherwise.
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x3a), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(0x40), Buffer.from('PE\0\0'), randomBytes(2048)]);
    const renamed = await upload(h.app, c.id, { 'x-tracking-code': c.trackingCode }, { filename: '申请表.pdf', type: 'application/pdf', data: exe });
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const text = await upload(h.app, c.id, h.as('civil.fc1'), { filename: 'note.png', type: 'image/png', data: Buffer.from('just words, not a picture') });
    expect(text.statusCode).toBe(415);
    // Not multipart at all, and a multipart body without its file.
    const json = await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/attachments`, headers: h.as('civil.fc1'), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const empty = form([{ name: 'purpose', value: 'case' }]);
    expect((await h.app.inject({ method: 'POST', url: `/v1/cases/${c.id}/attachments`, headers: { ...h.as('civil.fc1'), ...empty.headers }, payload: empty.payload })).json().code).toBe('VALIDATION_FAILED');
    expect((await h.db.select().from(attachments)).length).toBe(before);
  });

  it('a JPEG photo loses its GPS position and a PNG its text chunks; both stay pictures', async () => {
    const c = await openCase(h, 'civil.fc1');
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker', Artist: '陈女士' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 56/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '117/1 48/1 0/1' } })
      .toBuffer();
    const exif = (await sharp(photo).metadata()).exif!;
    // The fixture carries a GPS IFD (tag 0x8825 points at it) and the coordinates' reference letter.
    expect(exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    const up = await upload(h.app, c.id, { 'x-tracking-code': c.trackingCode }, { filename: 'IMG_0001.JPG', type: 'image/jpeg', data: photo });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ mediaType: 'image/jpeg', processing: 'reencoded', fileName: 'IMG_0001.jpg' });
    const got = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${up.json().id}`, headers: h.as('civil.fc1') })).rawPayload;
    const meta = await sharp(got).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(got.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(got.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect(up.json().sha256).toBe(createHash('sha256').update(got).digest('hex'));

    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00000000' } }).png().withMetadata().withExif({ IFD3: { GPSLatitudeRef: 'N' } }).toBuffer();
    const withText = insertPngChunk(png, 'tEXt', Buffer.from('Comment\0shot at 30.9333N 117.8E'));
    expect(pngChunks(withText)).toContain('tEXt');
    const upPng = await upload(h.app, c.id, h.as('civil.fc1'), { filename: 'map.png', type: 'image/png', data: withText });
    expect(upPng.statusCode, upPng.body).toBe(201);
    const gotPng = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${upPng.json().id}`, headers: h.as('civil.fc1') })).rawPayload;
    const chunks = pngChunks(gotPng);
    expect(chunks).toContain('IDAT');
    for (const ancillary of ['tEXt', 'iTXt', 'zTXt', 'eXIf']) expect(chunks).not.toContain(ancillary);
    expect(gotPng.includes(Buffer.from('117.8E'))).toBe(false);

    // A "JPEG" that only starts like one does not decode: refused, not stored half-read.
    const broken = Buffer.concat([photo.subarray(0, 40), randomBytes(200)]);
    const bad = await upload(h.app, c.id, h.as('civil.fc1'), { filename: 'broken.jpg', type: 'image/jpeg', data: broken });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('ATTACHMENT_UNREADABLE');
  });

  it('a decision carries its files by reference; a reference to another case\'s file is refused', async () => {
    const c = await openCase(h, 'civil.fc1');
    const other = await openCase(h, 'civil.fc1');
    const up = await upload(h.app, c.id, h.as('civil.fc1'), { filename: '情况说明.pdf', type: 'application/pdf', data: pdf(5000) }, { purpose: 'decision' });
    expect(up.statusCode, up.body).toBe(201);
    const ref = { id: up.json().id, sha256: up.json().sha256, size: up.json().size };
    const elsewhere = await decide(h, other.id, 'civil.fc1', { action: 'escalate', reason: 'unsure', note: '见附件', attachments: [ref] });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('UNKNOWN_ATTACHMENT');
    const r = await decide(h, c.id, 'civil.fc1', { action: 'escalate', reason: 'unsure', note: '见附件', attachments: [ref] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().timeline.find((x: { action: string }) => x.action === 'escalated').data.attachments).toEqual([ref]);
    // The next tier (same unit) reads it.
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${ref.id}`, headers: h.as('civil.chief1') })).statusCode).toBe(200);
  });

  it('documents the routes, the multipart body and the error codes in /openapi.json', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const post = doc.paths['/v1/cases/{id}/attachments'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(post.requestBody.content['multipart/form-data'].schema).toBeDefined();
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '413', '415']));
    expect(doc.paths['/v1/cases/{id}/attachments/{attachmentId}'].get).toBeDefined();
    expect(doc.paths['/v1/cases/{id}/attachments/downloads'].get).toBeDefined();
  });
});

describe('file names and downloads (pure)', () => {
  it('serves a file under its own name, cleaned, with the extension of its real type', () => {
    expect(cleanFileName('C:\\Users\\陈\\购房合同.exe', 'application/pdf')).toBe('购房合同.pdf');
    expect(cleanFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(cleanFileName('a"b;c\r\n.jpg', 'image/jpeg')).toBe('abc.jpg');
    expect(cleanFileName(undefined, 'image/jpeg')).toBe('attachment.jpg');
    expect(contentDisposition('购房合同.pdf')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('购房合同.pdf')}`);
  });
});

describe('attachments in an S3-compatible bucket', () => {
  it('stores the bytes as an object in the bucket (none in the store) and serves them back', async () => {
    const { default: S3rver } = await import('s3rver');
    const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'case-files', configs: [] }] });
    const { port } = await server.run();
    const app = await appOver(h, {
      attachments: { storage: attachmentStorage(h.db, { endpoint: `http://127.0.0.1:${port}`, bucket: 'case-files', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }) },
    });
    try {
      const c = await openCase(h, 'civil.fc1');
      const bytes = pdf(300_000);
      const up = await upload(app, c.id, h.as('civil.fc1'), { filename: 'scan.pdf', type: 'application/pdf', data: bytes });
      expect(up.statusCode, up.body).toBe(201);
      const id = up.json().id as string;
      expect((await first(h.db.select().from(attachments).where(eq(attachments.id, id))))?.storage).toBe('s3');
      expect((await first(h.db.select().from(attachmentBlobs).where(eq(attachmentBlobs.attachmentId, id))))).toBeUndefined();
      const objects = walk(join(dir, 'case-files')).filter((f) => f.includes(id));
      expect(objects.length).toBeGreaterThan(0);
      expect(objects.some((f) => statSync(f).size === bytes.length)).toBe(true);
      const got = await app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${id}`, headers: h.as('civil.fc1') });
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(bytes)).toBe(true);
      // An API without the bucket configured says so instead of serving nothing.
      const elsewhere = await h.app.inject({ method: 'GET', url: `/v1/cases/${c.id}/attachments/${id}`, headers: h.as('civil.fc1') });
      expect(elsewhere.statusCode).toBe(503);
      expect(elsewhere.json().code).toBe('ATTACHMENT_STORAGE_UNAVAILABLE');
    } finally {
      await app.close();
      await server.close();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The chunk types of a PNG, in order. */
function pngChunks(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const len = png.readUInt32BE(at);
    types.push(png.subarray(at + 4, at + 8).toString('latin1'));
    at += 12 + len;
  }
  return types;
}

/** A PNG with one more chunk before its IEND (its CRC unchecked by decoders that skip ancillary chunks; computed anyway). */
function insertPngChunk(png: Buffer, type: string, data: Buffer): Buffer {
  const iend = png.length - 12;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, iend), len, body, crc, png.subarray(iend)]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
