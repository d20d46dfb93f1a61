// Attachments of a case: taking a file in (its type judged by its bytes, images re-encoded so that no
// GPS position or device data stays in them), who may add and read them, reading one with the
// download written to the audit, and checking the references a message carries. The rules are in
// domain/attachments.ts; the bytes go to the store or a bucket (attachment-store.ts).
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { attachmentDownloads, attachments, units } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { cleanFileName, isAttachmentType, isImageType, MAX_IMAGE_PIXELS, type AttachmentMediaType, type AttachmentPurpose } from '../domain/attachments.js';
import type { AttachmentRef } from '../domain/messages.js';
import type { CaseView } from '../domain/case.js';
import { isOfficerRole } from '../domain/tiers.js';
import { involvesUnit, type CaseRow, type Reader } from './cases.js';
import type { AttachmentStorage } from './attachment-store.js';
import { newId } from './ids.js';
import { first } from '../db/store.js';

export type AttachmentRow = typeof attachments.$inferSelect;

/** Who touches a case's files: a principal (officer, city leader, supervisor…) or the requester by code. */
export type FileCaller = { kind: 'principal'; principal: Reader } | { kind: 'requester' };

/** A city leader "on the case": the leader over its lead unit, its consultation's leader, or one who held it. */
async function cityLeaderOnCase(db: Db, p: Reader, row: CaseRow): Promise<boolean> {
  if (p.role !== 'city_leader') return false;
  const v = row.view as CaseView | null;
  if (v?.consultation?.cityLeaderId === p.id || v?.holders?.some((h) => h.principalId === p.id)) return true;
  return (await first(db.select({ id: units.id }).from(units).where(and(eq(units.id, row.leadUnitId), eq(units.cityLeaderId, p.id))))) !== undefined;
}

/** Who may read a case's files: its units' officers, supervisors, city leaders on the case, the requester. */
export async function mayReadFiles(db: Db, caller: FileCaller, row: CaseRow): Promise<boolean> {
  if (caller.kind === 'requester') return true;
  const p = caller.principal;
  if (p.role === 'supervisor') return true;
  if (isOfficerRole(p.role)) return !!p.unitId && (await involvesUnit(db, row, p.unitId));
  return (await cityLeaderOnCase(db, p, row));
}

/** Who may add files: the requester, and officers of the case's units. */
export async function mayAddFiles(db: Db, caller: FileCaller, row: CaseRow): Promise<boolean> {
  if (caller.kind === 'requester') return true;
  const p = caller.principal;
  return isOfficerRole(p.role) && !!p.unitId && (await involvesUnit(db, row, p.unitId));
}

/** The type of a file from its first bytes (file-type knows hundreds of signatures); null when unknown. */
async function sniff(bytes: Buffer): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type'); // ESM only
  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}

/**
 * A photo or scan decoded and written again by libvips (sharp): what is left is the picture, turned
 * upright as the camera said, without EXIF (GPS, device, owner), XMP, IPTC or ICC data, and without a
 * PNG's text chunks. A file that does not decode as the image it claims to be is refused.
 */
async function reencode(bytes: Buffer, mime: AttachmentMediaType): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  try {
    const img = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
    return mime === 'image/png' ? await img.png().toBuffer() : await img.jpeg({ quality: 90 }).toBuffer();
  } catch (e) {
    throw new AppError('ATTACHMENT_UNREADABLE', `The ${mime === 'image/png' ? 'PNG' : 'JPEG'} image could not be read: ${(e as Error).message.slice(0, 120)}`);
  }
}

export interface NewAttachment {
  fileName: string | undefined;
  bytes: Buffer;
  purpose: AttachmentPurpose;
  item?: string;
}

/** Takes a file in for a case: its type from its bytes, an image re-encoded, then stored and listed. */
export async function addAttachment(db: Db, storage: AttachmentStorage, row: CaseRow, caller: FileCaller, file: NewAttachment, now = new Date()): Promise<AttachmentRow> {
  const mime = await sniff(file.bytes);
  if (!mime || !isAttachmentType(mime)) {
    throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', `Only PDF, JPEG and PNG files are taken; this file's bytes are ${mime ?? 'of no known type'}, whatever its name says.`);
  }
  const stored = isImageType(mime) ? await reencode(file.bytes, mime) : file.bytes;
  const id = newId('A', now);
  const store = storage.current;
  await store.put(id, stored, mime);
  const [saved] = await db
    .insert(attachments)
    .values({
      id,
      caseId: row.id,
      sha256: createHash('sha256').update(stored).digest('hex'),
      size: stored.length,
      mediaType: mime,
      fileName: cleanFileName(file.fileName, mime),
      purpose: file.purpose,
      item: file.item ?? null,
      uploaderKind: caller.kind === 'requester' ? 'requester' : 'officer',
      uploadedBy: caller.kind === 'requester' ? 'requester' : caller.principal.id,
      storage: store.kind,
      processing: isImageType(mime) ? 'reencoded' : 'none',
      createdAt: now.toISOString(),
    })
    .returning();
  return saved;
}

/** A case's files, oldest first. */
export async function attachmentsOf(db: Db, caseId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.caseId, caseId)).orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/** One file's bytes for a reader, the download written to the audit first. */
export async function readAttachment(db: Db, storage: AttachmentStorage, row: CaseRow, caller: FileCaller, attachmentId: string, now = new Date()): Promise<{ meta: AttachmentRow; bytes: Buffer }> {
  const [meta] = await db.select().from(attachments).where(and(eq(attachments.id, attachmentId), eq(attachments.caseId, row.id))).limit(1);
  if (!meta) throw new AppError('ATTACHMENT_NOT_FOUND', 'No such attachment on this case.');
  const bytes = await storage.of(meta.storage).get(meta.id);
  if (!bytes) throw new AppError('ATTACHMENT_NOT_FOUND', 'The attachment\'s bytes are missing from its storage.');
  await db.insert(attachmentDownloads).values({
    attachmentId: meta.id,
    caseId: row.id,
    readerKind: caller.kind,
    readerId: caller.kind === 'requester' ? 'requester' : caller.principal.id,
    readerRole: caller.kind === 'requester' ? null : caller.principal.role,
    at: now.toISOString(),
  });
  return { meta, bytes };
}

/** The downloads of a case's files, newest first. */
export async function downloadsOf(db: Db, caseId: string, limit = 500) {
  return db.select().from(attachmentDownloads).where(eq(attachmentDownloads.caseId, caseId)).orderBy(desc(attachmentDownloads.id)).limit(limit);
}

/**
 * The references a message carries must name files of this case as they are stored (same SHA-256 and
 * size): the workflow keeps the references only, so they must be right when they go in.
 */
export async function checkAttachmentRefs(db: Db, caseId: string, refs: AttachmentRef[] | undefined): Promise<void> {
  if (!refs?.length) return;
  const rows = await db.select().from(attachments).where(and(eq(attachments.caseId, caseId), inArray(attachments.id, refs.map((r) => r.id))));
  const bad = refs.filter((r) => !rows.some((x) => x.id === r.id && x.sha256 === r.sha256 && x.size === r.size));
  if (bad.length) throw new AppError('UNKNOWN_ATTACHMENT', `No attachment ${bad.map((b) => b.id).join(', ')} on this case with that SHA-256 and size.`, { attachmentIds: bad.map((b) => b.id) });
}
