// Personal data as readers who may not see it are shown it: one definition of each mask, so a phone
// reads the same (138****5678) wherever it is masked.

import { isOfficerRole, type Role } from './tiers.js';

/**
 * Who reads a requester's phone in full: the officers who may handle a case (they call back) and
 * admins. Everyone else (city leaders, supervisors, the integrator that filed it, the requester's own
 * view) reads it masked. One rule for every answer that carries a case.
 */
export function seesRequesterPhone(role: Role | null): boolean {
  return role !== null && (isOfficerRole(role) || role === 'admin');
}

/** One phone number masked: the first three and last four digits kept; a short number entirely. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** A person's name masked: the surname kept, one star per other character (at least one). */
export function maskName(name: string): string {
  const c = Array.from(name.trim());
  return c.length ? `${c[0]}${'*'.repeat(Math.max(1, c.length - 1))}` : '*';
}

/** Mobile numbers in free text (a requester's description) are masked before anyone sees a snippet. */
export function maskPhones(text: string): string {
  return text.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

/**
 * Personal data masked out of free text: ID-card numbers, mobile and landline numbers, street
 * addresses (road/street + number, building/unit/room), the person's own name (with the surname +
 * 先生/女士 forms of it), and any surname + honorific. Best effort by pattern: a name the text does not
 * tie to the person is only caught in its honorific form. Also the SQL function mask_personal (db/client.ts).
 */
export function maskPersonal(text: string | null | undefined, personName?: string | null): string {
  if (!text) return text ?? '';
  let out = text
    // ID cards (居民身份证): 18 digits (last may be X) or the old 15.
    .replace(/(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g, '[身份证号]')
    .replace(/(?<!\d)\d{15}(?!\d)/g, '[身份证号]')
    // Mobiles keep the shape officers know (139****0001); landlines with area code go entirely.
    .replace(/(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[- ]?)\d{7,8}(?!\d)/g, '[电话]')
    // Addresses: "...路12号", "...街道3号院", "5栋2单元301室", "...小区8幢".
    .replace(/[\p{Script=Han}A-Za-z0-9]{0,12}?(?:路|街|巷|弄|道|里)\d+(?:-\d+)?号(?:院|楼)?(?:\d+(?:栋|幢|号楼|单元|室|层))*/gu, '[地址]')
    .replace(/(?:[\p{Script=Han}]{2,8}(?:小区|花园|新村|公寓|家园))?\d+(?:栋|幢|号楼)(?:\d+单元)?(?:\d+室?)?/gu, '[地址]');
  const name = personName?.trim();
  if (name && Array.from(name).length >= 2) {
    out = out.split(name).join('某某');
    const surname = Array.from(name)[0];
    out = out.replace(new RegExp(`${surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=先生|女士|小姐|师傅|阿姨|大爷|大妈|老人)`, 'gu'), '某');
  }
  return out.replace(/(?!某)\p{Script=Han}(?=先生|女士|小姐|师傅|阿姨|大爷|大妈)/gu, '某');
}

/**
 * A tracking link's code (`…/t/{id}#code=…`, the receipt's link) blanked: the code opens the case, so
 * no log, no officer's view of a sent message and no dead-letter list shows it.
 */
export function maskTrackingCodes(text: string): string {
  return text.replace(/([#&?]code=)[^\s&#]+/g, '$1[redacted]');
}
