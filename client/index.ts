// The typed client of the case API (说"不"提级管理) for integrators: openapi-fetch over the types
// openapi-typescript generated from /openapi.json (schema.d.ts, `npm run client:generate`). Every path,
// parameter, body and answer is typed; errors come back as the API's problem+json with its `code`.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths };
/** An event as webhooks deliver it and the change feed lists it (a CloudEvents 1.0 document). */
export type IntegratorEvent = components['schemas']['IntegratorEvent'];
/** The body of a new case (受理). */
export type Intake = paths['/v1/cases']['post']['requestBody']['content']['application/json'];
/** What the API answers on an error (RFC 9457), with a `code` to switch on. */
export type Problem = components['schemas']['Problem'];
export type CaseClient = Client<paths>;

export interface ClientOptions {
  /** The API's base URL, e.g. https://cases.example.gov.cn */
  baseUrl: string;
  /** The integrator's bearer token. */
  token: string;
  /** A fetch of your own (proxies, tests); the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

/** A client that sends the token with every request. */
export function createCaseClient(o: ClientOptions): CaseClient {
  return createClient<paths>({ baseUrl: o.baseUrl.replace(/\/$/, ''), fetch: o.fetch, headers: { authorization: `Bearer ${o.token}` } });
}
