// Complaints as the API answers them: the response schemas (the services build the values).
import { z } from 'zod';
import { COMPLAINT_STATUSES } from '../domain/supervision.js';

export const ComplaintViewSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    unit: z.object({ id: z.string(), name: z.string() }),
    windowCode: z.string().nullable(),
    caseId: z.string().nullable(),
    /** Name and phone in clear for the unit's principal head, the contact officer and supervisors; masked for other officers. */
    contact: z.object({ name: z.string(), phone: z.string() }),
    /** Whether `contact` (and the text) are masked for this reader. */
    masked: z.boolean(),
    /** The officer designated to call the complainant. */
    contactOfficerId: z.string().nullable(),
    content: z.string(),
    filedAt: z.string(),
    filedBy: z.string().nullable(),
    contactDueAt: z.string().nullable(),
    contactDueProvisional: z.boolean().describe('The contact deadline was counted on the plain Mon–Fri rule: its year\'s official calendar is not loaded'),
    contactedAt: z.string().nullable(),
    contactedBy: z.string().nullable(),
    contactNote: z.string().nullable(),
    /** Set when the contact window passed first (搁置). */
    contactLapsedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    upheld: z.boolean().nullable(),
    findings: z.string().nullable(),
    officerIds: z.array(z.string()),
  })
  .meta({ id: 'Complaint' });
export type ComplaintView = z.infer<typeof ComplaintViewSchema>;

/** What a case shows of the complaints about it (services/complaints.ts complaintsForCase builds it). */
export { ComplaintOnCaseSchema, type ComplaintOnCase } from '../services/complaints.js';

