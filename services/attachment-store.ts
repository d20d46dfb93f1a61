// Where attachments' bytes live: in the store by default (attachment_blobs, a blob column that is bytea
// on PostgreSQL), or in an S3-compatible bucket when ATTACHMENT_S3_* is configured. Each attachment
// row names its storage, so files written before a switch stay readable.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { attachmentBlobs } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

/** The bucket did not answer as it should: the caller may retry later. */
const unavailable = (what: string) => new AppError('ATTACHMENT_STORAGE_UNAVAILABLE', `The file storage is not available (${what}); try again later.`);

export type StorageKind = 'store' | 's3';

export interface BlobStore {
  readonly kind: StorageKind;
  put(id: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes, or null when there are none under that id. */
  get(id: string): Promise<Buffer | null>;
}

/** The default: the bytes in the store's own table, beside the case. */
export function storeBlobs(db: Db): BlobStore {
  return {
    kind: 'store',
    async put(id, bytes) {
      await db.insert(attachmentBlobs).values({ attachmentId: id, data: bytes }).onConflictDoNothing();
    },
    async get(id) {
      const [row] = await db.select({ data: attachmentBlobs.data }).from(attachmentBlobs).where(eq(attachmentBlobs.attachmentId, id)).limit(1);
      return row ? Buffer.from(row.data) : null;
    },
  };
}

export interface S3Options {
  /** e.g. https://s3.cn-east-1.example.com or http://127.0.0.1:9000 (path-style requests). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Object keys start with this (default `attachments/`). */
  prefix?: string;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, a cloud's OSS/COS in S3 mode): one object per
 * attachment, PUT and GET signed with AWS Signature Version 4, path-style URLs.
 */
export function s3Blobs(opts: S3Options, fetchImpl: typeof fetch = fetch): BlobStore {
  const prefix = opts.prefix ?? 'attachments/';
  const url = (id: string) => `${opts.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(opts.bucket)}/${prefix}${encodeURIComponent(id)}`;
  let client: Promise<{ fetch: (url: string, init: RequestInit) => Promise<Response> }> | null = null;
  const signer = () =>
    (client ??= import('aws4fetch').then(({ AwsClient }) => {
      const c = new AwsClient({ accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, region: opts.region, service: 's3' });
      return { fetch: async (u: string, init: RequestInit) => fetchImpl(await c.sign(u, init)) };
    }));
  return {
    kind: 's3',
    async put(id, bytes, mediaType) {
      const res = await (await signer()).fetch(url(id), { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': mediaType } }).catch(() => null);
      if (!res?.ok) throw unavailable(`PUT answered ${res?.status ?? 'nothing'}`);
    },
    async get(id) {
      const res = await (await signer()).fetch(url(id), { method: 'GET' }).catch(() => null);
      if (res?.status === 404) return null;
      if (!res?.ok) throw unavailable(`GET answered ${res?.status ?? 'nothing'}`);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

/** The S3 settings of the environment, or undefined when none are set (the store keeps the files). */
export function s3OptionsFromEnv(env: Record<string, string | undefined>): S3Options | undefined {
  const endpoint = env.ATTACHMENT_S3_ENDPOINT?.trim();
  if (!endpoint) return undefined;
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) throw new Error(`${name} is required when ATTACHMENT_S3_ENDPOINT is set`);
    return v;
  };
  new URL(endpoint); // a malformed endpoint fails at start, not at the first upload
  return {
    endpoint,
    bucket: need('ATTACHMENT_S3_BUCKET'),
    region: env.ATTACHMENT_S3_REGION?.trim() || 'us-east-1',
    accessKeyId: need('ATTACHMENT_S3_ACCESS_KEY_ID'),
    secretAccessKey: need('ATTACHMENT_S3_SECRET_ACCESS_KEY'),
    prefix: env.ATTACHMENT_S3_PREFIX?.trim() || undefined,
  };
}

/** The storages an API reads from, and the one it writes new files to. */
export interface AttachmentStorage {
  /** Where new files go. */
  current: BlobStore;
  /** The storage a file was written to (its row says which). */
  of(kind: string): BlobStore;
}

export function attachmentStorage(db: Db, s3?: S3Options | BlobStore): AttachmentStorage {
  const store = storeBlobs(db);
  const bucket = s3 ? ('put' in s3 ? s3 : s3Blobs(s3)) : undefined;
  return {
    current: bucket ?? store,
    of(kind) {
      if (kind === 'store') return store;
      if (kind === 's3' && bucket) return bucket;
      throw unavailable(`storage ${kind} is not configured here`);
    },
  };
}
