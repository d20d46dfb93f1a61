// Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-id` (the event's id, the
// same on every redelivery), `webhook-timestamp` (seconds, this attempt's) and `webhook-signature`
// (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`), made with the `standardwebhooks` library so any
// receiver's Standard Webhooks library verifies them. During a secret's rotation the message carries
// one signature per valid secret, space-separated, as the specification allows.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret: `whsec_` and 32 random bytes in base64, the form the libraries take. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three headers of one attempt, signed with every secret given (the current one first). */
export function signatureHeaders(o: { id: string; body: string; at: Date; secrets: readonly string[] }): SignatureHeaders {
  if (!o.secrets.length) throw new Error('no secret to sign with');
  return {
    'webhook-id': o.id,
    'webhook-timestamp': String(Math.floor(o.at.getTime() / 1000)),
    'webhook-signature': o.secrets.map((s) => new Webhook(s).sign(o.id, o.at, o.body)).join(' '),
  };
}
