// When the official calendar changes, which deadlines it concerns, and the rule that a deadline never
// moves earlier than what its holder was told. Pure: the workflows and their engines read it from here;
// the recomputation itself is the calendar activity's.

export interface CalendarChange {
  years: number[];
  documentNo?: string;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing year of an instant. */
export function beijingYearOf(iso: string): number {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** A change concerns a deadline that was provisional, or that starts or ends in one of its years. */
export function concerns(change: CalendarChange, d: { deadlineAt: string; provisional?: boolean; from?: string }): boolean {
  if (d.provisional) return true;
  const years = new Set(change.years);
  return years.has(beijingYearOf(d.deadlineAt)) || (d.from !== undefined && years.has(beijingYearOf(d.from)));
}

/** The later of what the holder was told and what the calendar gives now. */
export function notEarlier(told: string, computed: string): string {
  return Date.parse(computed) < Date.parse(told) ? told : computed;
}
