// Which judgement of a case counts in the satisfaction figures (满意率, the portraits): one rule, read
// from the steps the case recorded, so the read model, the reports and the portraits agree.
//
// - Each answer of the case (a resolve or a refusal; a reopened case gives a second one) is judged
//   at most once: by the requester's rating of it, or by a return visit (回访) after it.
// - A rating the lead unit appealed against and the efficiency office upheld (申诉成立) does not
//   count: it stays on the timeline, for the audit, and nowhere else.
// - A return visit that reached the requester and recorded a satisfaction counts where the answer
//   has no rating that counts; and, by the case's rule (`replacesUnverified` on the visit's step),
//   in place of a rating given without the one-time code sent to the phone on file (unverified). A
//   verified rating is never replaced. Of several visits, the last counts.
// - The case's own judgement, its "last word", is the latest of its answers' judgements.
import { RATINGS, type Rating } from './messages.js';

export interface JudgementStep {
  seq: number;
  at: string;
  actor: string;
  action: string;
  data?: Record<string, unknown> | null;
}

export interface Judgement {
  rating: Rating['rating'];
  at: string;
  /** The step that gave it: the rating, or the return visit. */
  seq: number;
  source: 'rating' | 'callback';
  /** Whose answer it judges (null: the system's, a city directive's). */
  officerId: string | null;
}

const isRating = (x: unknown): x is Rating['rating'] => typeof x === 'string' && (RATINGS as readonly string[]).includes(x);

/** Each answer's counted judgement, in the order of the answers (answers without one are left out). */
export function countedJudgements(steps: readonly JudgementStep[]): Judgement[] {
  const struck = new Set<number>();
  for (const s of steps) if (s.action === 'appeal_upheld' && typeof s.data?.ratingSeq === 'number') struck.add(s.data.ratingSeq);
  interface Answer {
    officerId: string | null;
    rating?: Judgement & { verified: boolean };
    visit?: Judgement & { replacesUnverified: boolean };
  }
  const answers: Answer[] = [];
  for (const s of steps) {
    if (s.action === 'resolved' || s.action === 'refused') answers.push({ officerId: s.actor === 'system' ? null : s.actor });
    const current = answers[answers.length - 1];
    if (!current) continue;
    if (s.action === 'rated' && isRating(s.data?.rating) && !struck.has(s.seq)) {
      current.rating = { rating: s.data.rating, at: s.at, seq: s.seq, source: 'rating', officerId: current.officerId, verified: s.data.verified === true };
    }
    if (s.action === 'callback' && s.data?.reached === true && isRating(s.data.satisfaction)) {
      current.visit = { rating: s.data.satisfaction, at: s.at, seq: s.seq, source: 'callback', officerId: current.officerId, replacesUnverified: s.data.replacesUnverified === true };
    }
  }
  const out: Judgement[] = [];
  for (const a of answers) {
    const { rating: r, visit: v } = a;
    const pick = r && (r.verified || !v?.replacesUnverified) ? r : (v ?? r);
    if (pick) out.push({ rating: pick.rating, at: pick.at, seq: pick.seq, source: pick.source, officerId: pick.officerId });
  }
  return out;
}

/** The case's judgement that counts: its latest answer's, or the latest earlier one. */
export function caseJudgement(steps: readonly JudgementStep[]): Judgement | null {
  const all = countedJudgements(steps);
  return all.length ? all.reduce((a, b) => (b.at >= a.at ? b : a)) : null;
}
