// Attachments: the files a requester or an officer adds to a case (补正材料 are scans and photos). The
// rules only: which kinds are taken (judged by the bytes, never by the name), how big, what a file is
// for, the name it is served under, and how a materials answer ticks off what was asked. The bytes,
// their type check and re-encoding are services/attachments.ts; the workflow sees references only.
import type { AttachmentRef } from './messages.js';

/** What may be attached: PDF scans and JPEG/PNG photos, each with the extension it is served under. */
export const ATTACHMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
} as const;
export type AttachmentMediaType = keyof typeof ATTACHMENT_TYPES;
export const isAttachmentType = (mime: string): mime is AttachmentMediaType => Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, mime);
/** Images are re-encoded so that what a camera wrote into them (GPS position, device, owner) is gone. */
export const isImageType = (mime: AttachmentMediaType) => mime !== 'application/pdf';

/** Each file, by default (ATTACHMENT_MAX_BYTES); a larger one is refused (413). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Decoding a picture larger than this (in pixels) is refused: a small file must not unpack into gigabytes. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export const ATTACHMENT_PURPOSES = ['case', 'materials', 'decision'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/**
 * The name a file is served under: the one it came with, without any folder, control or quoting
 * characters, at most 100 characters, ending in the extension of its real type.
 */
export function cleanFileName(name: string | undefined, mediaType: AttachmentMediaType): string {
  const ext = ATTACHMENT_TYPES[mediaType];
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|;]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim()
    .slice(0, 90);
  return `${base || 'attachment'}.${ext}`;
}

/** Content-Disposition that always downloads: a plain ASCII name for old clients, the real one in filename*. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * What is wrong with a materials answer against the request: an item ticked that was not asked for,
 * or a file for an item the answer does not tick. Empty when it is right.
 */
export function materialsAnswerIssues(requested: readonly string[], answer: { items: string[]; attachments?: AttachmentRef[] }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  answer.items.forEach((item, i) => {
    if (!requested.includes(item)) issues.push({ path: `body.items.${i}`, message: `"${item}" was not asked for; asked: ${requested.join('、')}` });
  });
  (answer.attachments ?? []).forEach((a, i) => {
    if (a.item !== undefined && !answer.items.includes(a.item)) issues.push({ path: `body.attachments.${i}.item`, message: `"${a.item}" is not ticked in items` });
  });
  return issues;
}
