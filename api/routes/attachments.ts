// A case's files (补正材料, scans and photos; an officer's documents): upload as multipart, list,
// download (always as an attachment, never shown inline), and the audit of downloads. The requester
// acts with the tracking code, officers of the case's units with their token; everyone else who may
// see the case but not its files is refused, and whoever may not see the case gets 404.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ATTACHMENT_PURPOSES, ATTACHMENT_TYPES, contentDisposition, type AttachmentPurpose } from '../../domain/attachments.js';
import { addAttachment, attachmentsOf, downloadsOf, mayAddFiles, mayReadFiles, readAttachment, type AttachmentRow, type FileCaller } from '../../services/attachments.js';
import { bearerSecurity } from '../auth.js';
import { problemOf, ProblemSchema } from '../errors.js';
import { loadCaseFor, type CaseRow } from '../case-view.js';

const Params = z.object({ id: z.string().max(64) });
const TrackingQuery = z.object({ trackingCode: z.string().max(64).optional() });
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export const AttachmentSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    /** Of the bytes as stored: send `{ id, sha256, size }` with a decision or the materials. */
    sha256: z.string(),
    size: z.number().int(),
    mediaType: z.enum(Object.keys(ATTACHMENT_TYPES) as [keyof typeof ATTACHMENT_TYPES]),
    fileName: z.string(),
    purpose: z.enum(ATTACHMENT_PURPOSES),
    item: z.string().nullable(),
    /** requester | officer (an officer's name is never shown to the requester) */
    uploaderKind: z.enum(['requester', 'officer']),
    uploadedBy: z.string().optional(),
    /** reencoded: an image written again without its metadata (GPS, device); none: a PDF as sent. */
    processing: z.enum(['reencoded', 'none']),
    createdAt: z.string(),
  })
  .meta({ id: 'Attachment' });

const UploadBody = z
  .object({
    file: z.string().meta({ format: 'binary' }).describe('The file: PDF, JPEG or PNG (judged by its bytes, not its name)'),
    purpose: z.enum(ATTACHMENT_PURPOSES).optional().describe('What it is for: case (default), materials, decision'),
    item: z.string().max(200).optional().describe('The requested material (补正材料) it answers'),
  })
  .meta({ id: 'AttachmentUpload' });

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const storage = app.deps.attachments.storage;
  const maxBytes = app.deps.attachments.maxBytes;

  /** The case and who is asking, or 404 (a token is read first; without one, the tracking code). */
  async function caseAndCaller(req: FastifyRequest, id: string, code: string | undefined): Promise<{ row: CaseRow; caller: FileCaller }> {
    const { row, caller } = (await loadCaseFor(db, req, id, code));
    return { row, caller: caller.kind === 'requester' ? { kind: 'requester' } : { kind: 'principal', principal: caller.principal } };
  }
  const view = (a: AttachmentRow, caller: FileCaller) => ({
    ...a,
    purpose: a.purpose as AttachmentPurpose,
    mediaType: a.mediaType as keyof typeof ATTACHMENT_TYPES,
    uploaderKind: a.uploaderKind as 'requester' | 'officer',
    processing: a.processing as 'reencoded' | 'none',
    // The requester sees that an officer attached it, not who.
    uploadedBy: caller.kind === 'requester' ? undefined : a.uploadedBy,
  });

  app.post(
    '/cases/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Attach a file to a case (补正材料, a document): PDF, JPEG or PNG',
        description: [
          `multipart/form-data with one \`file\` part, at most ${Math.round(maxBytes / 1024 / 1024)} MB (ATTACHMENT_MAX_BYTES; 413 ATTACHMENT_TOO_LARGE above).`,
          'The type is judged by the bytes, never by the name or the declared type: anything but PDF, JPEG or PNG answers 415 ATTACHMENT_TYPE_NOT_ALLOWED.',
          'Photos are decoded and written again, so no GPS position or other metadata stays in them (`processing: reencoded`).',
          'The requester attaches with the tracking code; officers of the case\'s units with their token. The answer\'s `{ id, sha256, size }` is what a decision or the materials carry.',
        ].join(' '),
        consumes: ['multipart/form-data'],
        security: [...bearerSecurity, {}],
        params: Params,
        querystring: TrackingQuery,
        body: UploadBody,
        response: { 201: AttachmentSchema, ...errors, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
      },
      // The body is a stream of parts read in the handler; its schema is for the documentation.
      validatorCompiler: (schema) => (schema.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(schema as never)),
    },
    async (req, reply) => {
      const { row, caller } = (await caseAndCaller(req, req.params.id, req.query.trackingCode));
      if (!(await mayAddFiles(db, caller, row))) throw problemOf('FORBIDDEN_ROLE', 'Files are added by the requester and the officers of the case\'s units.');
      if (!req.isMultipart()) throw problemOf('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, in a part named "file".');
      const fields: Record<string, string> = {};
      let file: { name: string | undefined; bytes: Buffer } | null = null;
      try {
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1000 } })) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer(); // throws past fileSize
            if (part.fieldname === 'file') file = { name: part.filename, bytes };
          } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
      } catch (e) {
        const err = e as { statusCode?: number; code?: string };
        if (err.statusCode === 413) throw problemOf('ATTACHMENT_TOO_LARGE', `A file may be at most ${maxBytes} bytes (one file per request).`, { maxBytes });
        throw problemOf('MALFORMED_REQUEST', 'The multipart body could not be read.');
      }
      if (!file || file.bytes.length === 0) throw problemOf('VALIDATION_FAILED', 'A non-empty part named "file" is required.', { errors: [{ path: 'body.file', message: 'required' }] });
      const meta = UploadBody.omit({ file: true }).safeParse({ purpose: fields.purpose || undefined, item: fields.item?.trim() || undefined });
      if (!meta.success) throw problemOf('VALIDATION_FAILED', 'purpose or item is not valid.', { errors: meta.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message })) });
      const saved = await addAttachment(db, storage, row, caller, { fileName: file.name, bytes: file.bytes, purpose: meta.data.purpose ?? 'case', item: meta.data.item });
      req.log.info({ caseId: row.id, attachment: saved.id, size: saved.size, type: saved.mediaType }, 'attachment added');
      return reply.code(201).send(view(saved, caller));
    },
  );

  app.get(
    '/cases/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: "A case's files, oldest first",
        description: 'For the officers of the case\'s units, supervisors, city leaders on the case, and the requester with the tracking code.',
        security: [...bearerSecurity, {}],
        params: Params,
        querystring: TrackingQuery,
        response: { 200: z.object({ items: z.array(AttachmentSchema) }), ...errors },
      },
    },
    async (req) => {
      const { row, caller } = (await caseAndCaller(req, req.params.id, req.query.trackingCode));
      if (!(await mayReadFiles(db, caller, row))) throw problemOf('FORBIDDEN_ROLE', "A case's files are read by its units' officers, supervisors, city leaders on the case and the requester.");
      return { items: (await attachmentsOf(db, row.id)).map((a) => view(a, caller)) };
    },
  );

  app.get(
    '/cases/:id/attachments/downloads',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags: ['attachments'],
        summary: "Who downloaded a case's files, and when (the audit), newest first",
        security: bearerSecurity,
        params: Params,
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number().int(), attachmentId: z.string(), readerKind: z.string(), readerId: z.string(), readerRole: z.string().nullable(), at: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { row } = (await loadCaseFor(db, req, req.params.id));
      return { items: (await downloadsOf(db, row.id)).map(({ caseId: _c, ...d }) => d) };
    },
  );

  app.get(
    '/cases/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Download one file (always as an attachment; every download is audited)',
        description: 'Served with `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff` and the type judged at upload, never rendered in the page.',
        security: [...bearerSecurity, {}],
        params: Params.extend({ attachmentId: z.string().max(64) }),
        querystring: TrackingQuery,
        produces: Object.keys(ATTACHMENT_TYPES),
        response: { 200: z.string().meta({ format: 'binary' }).describe('The file'), ...errors },
      },
    },
    async (req, reply) => {
      const { row, caller } = (await caseAndCaller(req, req.params.id, req.query.trackingCode));
      if (!(await mayReadFiles(db, caller, row))) throw problemOf('FORBIDDEN_ROLE', "A case's files are read by its units' officers, supervisors, city leaders on the case and the requester.");
      const { meta, bytes } = await readAttachment(db, storage, row, caller, req.params.attachmentId);
      return reply
        .type(meta.mediaType)
        .header('content-disposition', contentDisposition(meta.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('digest', `sha-256=${Buffer.from(meta.sha256, 'hex').toString('base64')}`)
        .send(bytes as never); // the file as it is, never serialised
    },
  );
};
export default attachmentRoutes;
