// The shape of a complaint as its workflow holds it and answers it. Personal data (the complainant's
// name and phone, the text) stays in SQLite and never enters a Temporal payload.

export interface ComplaintInput {
  complaintId: string;
  unitId: string;
  caseId?: string;
  windowCode?: string;
  filedAt: string;
}

export interface ComplaintState {
  id: string;
  unitId: string;
  caseId?: string;
  status: 'open' | 'contacted' | 'closed';
  filedAt: string;
  /** When the unit must have contacted the complainant (set once the notifications are out). */
  contactDueAt?: string;
  /** The contact deadline was counted on the plain Mon–Fri rule (its year's notice was not loaded). */
  contactDueProvisional?: boolean;
  contactedAt?: string;
  contactedBy?: string;
  /** The contact window passed first: shelved (搁置) against the unit's principal head. */
  contactLapsedAt?: string;
  closedAt?: string;
  closedBy?: string;
  upheld?: boolean;
}
