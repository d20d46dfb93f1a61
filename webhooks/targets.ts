// Where webhooks may go. In production a subscription's URL may not lead into our own networks
// (loopback, link-local such as the cloud metadata address, private and other reserved ranges) unless
// an administrator allow-listed it (WEBHOOK_ALLOWED_TARGETS): otherwise anyone with an integrator's
// token could make the worker call internal services. Checked when a subscription is made or changed
// (every address the name resolves to), and again at each delivery on the address actually connected
// to, so a name that later resolves elsewhere (DNS rebinding) is refused too. Outside production any
// URL goes: receivers run on the developer's machine.
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { promisify } from 'node:util';
import { AppError } from '../domain/errors.js';

export interface TargetPolicy {
  production: boolean;
  /** Host names allowed as they are, whatever they resolve to. */
  hosts: ReadonlySet<string>;
  /** Addresses and ranges allowed although private. */
  nets: BlockList;
}

/** Loopback, link-local, private, shared (CGNAT), multicast and other ranges that are not the public internet. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6');
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Whether an address may be called under the policy. */
export function addressAllowed(address: string, p: TargetPolicy): boolean {
  if (!p.production) return true;
  const f = family(address);
  return !INTERNAL.check(address, f) || p.nets.check(address, f);
}

/**
 * WEBHOOK_ALLOWED_TARGETS: comma-separated host names, addresses or CIDR ranges that production may
 * call although internal (a receiver of the hotline inside the government network, say).
 */
export function targetPolicyFromEnv(env: NodeJS.ProcessEnv, production: boolean): TargetPolicy {
  const hosts = new Set<string>();
  const nets = new BlockList();
  for (const raw of (env.WEBHOOK_ALLOWED_TARGETS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits] = raw.split('/');
    const ip = addr.replace(/^\[|\]$/g, '');
    if (isIP(ip)) {
      const f = family(ip);
      if (bits === undefined) nets.addAddress(ip, f);
      else {
        const n = Number(bits);
        if (!Number.isInteger(n) || n < 0 || n > (f === 'ipv4' ? 32 : 128)) throw new Error(`WEBHOOK_ALLOWED_TARGETS: ${raw} is not a range`);
        nets.addSubnet(ip, n, f);
      }
    } else hosts.add(raw.toLowerCase());
  }
  return { production, hosts, nets };
}

const lookupAll = promisify(dnsLookup);
const hostOf = (u: URL) => u.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** A receiver's URL as a subscription may name it: http(s), no credentials in it. */
export function parseTargetUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('SUBSCRIPTION_URL_REFUSED', 'The url is not an absolute URL.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AppError('SUBSCRIPTION_URL_REFUSED', 'The url must be http or https.');
  if (u.username || u.password) throw new AppError('SUBSCRIPTION_URL_REFUSED', 'The url may not carry credentials: receivers verify the signature instead.');
  return u;
}

/** Refuses a URL that leads, under the policy, to an internal address: every address its name has now. */
export async function checkTarget(raw: string, p: TargetPolicy): Promise<URL> {
  const u = parseTargetUrl(raw);
  const host = hostOf(u);
  if (!p.production || p.hosts.has(host)) return u;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookupAll(host, { all: true })).map((a) => a.address);
    } catch {
      throw new AppError('SUBSCRIPTION_URL_REFUSED', `${host} does not resolve.`);
    }
  }
  const refused = addresses.find((a) => !addressAllowed(a, p));
  if (refused !== undefined) {
    throw new AppError('SUBSCRIPTION_URL_REFUSED', `${host} leads to ${refused}, a loopback, link-local or private address; an administrator may allow it (WEBHOOK_ALLOWED_TARGETS).`);
  }
  return u;
}

/**
 * The connection's own look-up for a delivery: the address connected to is the address checked.
 * Literal addresses are not looked up by Node, so deliveries check them with `addressAllowed` first.
 */
export function guardedLookup(host: string, p: TargetPolicy): LookupFunction | undefined {
  if (!p.production || p.hosts.has(host.toLowerCase())) return undefined;
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as unknown as { address: string; family: number }[];
      const bad = list.find((a) => !addressAllowed(a.address, p));
      if (bad) return callback(Object.assign(new Error(`${hostname} resolved to ${bad.address}, an internal address`), { code: 'ETARGETREFUSED' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Whether a delivery may connect to this URL's literal host (names are checked as they resolve). */
export function literalAllowed(u: URL, p: TargetPolicy): boolean {
  const host = hostOf(u);
  return !isIP(host) || p.hosts.has(host) || addressAllowed(host, p);
}
