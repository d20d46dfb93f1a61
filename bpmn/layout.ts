// Diagram layout for the generated process models. Our own, not bpmn-auto-layout: the case process
// has loops (materials, reopening, adding units) that read best in a fixed shape people recognise —
// the tiers left to right along one line, each with its timers above and its materials below, and
// the shared outcomes (coordination, feedback, refusal) on rows underneath, fed by one bus per row.
// Placement goes by each element's role; routes are orthogonal and computed from the placement, so
// a changed rule table moves the drawing with it.
import type { ProcessFlow, ProcessModel, ProcessNode } from '../domain/process.js';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface ShapeLayout {
  bounds: Bounds;
  label?: Bounds;
}
export interface EdgeLayout {
  points: Point[];
  label?: Bounds;
}
export interface Layout {
  shapes: Map<string, ShapeLayout>;
  edges: Map<string, EdgeLayout>;
}

const TASK = { w: 140, h: 80 };
const GW = 50;
const EV = 36;
const BLOCK = 420; // width of one tier: join, task, gateway and the way to the next tier
const Y0 = 210; // the line the tiers stand on
const ROW = 150; // distance between outcome rows
const LABEL_W = 90;
const LABEL_H = 28;

const size = (n: ProcessNode) =>
  n.kind === 'exclusiveGateway' || n.kind === 'eventBasedGateway' ? { w: GW, h: GW } : n.kind.endsWith('Event') ? { w: EV, h: EV } : n.kind === 'subProcess' ? { w: 270, h: 120 } : TASK;

class Canvas {
  shapes = new Map<string, ShapeLayout>();
  edges = new Map<string, EdgeLayout>();
  constructor(public model: ProcessModel) {}
  node(id: string): ProcessNode | undefined {
    return this.model.nodes.find((n) => n.id === id);
  }
  /** Places a node by its centre. */
  put(id: string, cx: number, cy: number, label?: 'below' | 'above' | 'left' | 'right' | Bounds) {
    const n = this.node(id);
    if (!n) return;
    const s = size(n);
    const bounds = { x: cx - s.w / 2, y: cy - s.h / 2, width: s.w, height: s.h };
    const external = n.kind !== 'userTask' && n.kind !== 'receiveTask' && n.kind !== 'callActivity' && n.kind !== 'subProcess';
    let lb: Bounds | undefined;
    if (external && n.name) {
      const where = label ?? 'below';
      if (typeof where === 'object') lb = where;
      else if (where === 'below') lb = { x: cx - LABEL_W / 2, y: cy + s.h / 2 + 4, width: LABEL_W, height: LABEL_H };
      else if (where === 'above') lb = { x: cx - LABEL_W / 2, y: cy - s.h / 2 - LABEL_H - 4, width: LABEL_W, height: LABEL_H };
      else if (where === 'left') lb = { x: cx - s.w / 2 - LABEL_W - 4, y: cy - LABEL_H / 2, width: LABEL_W, height: LABEL_H };
      else lb = { x: cx + s.w / 2 + 4, y: cy - LABEL_H / 2, width: LABEL_W, height: LABEL_H };
    }
    this.shapes.set(id, { bounds, ...(lb ? { label: lb } : {}) });
  }
  has(id: string) {
    return this.shapes.has(id);
  }
  b(id: string): Bounds {
    const s = this.shapes.get(id);
    if (!s) throw new Error(`layout: ${id} has no place`);
    return s.bounds;
  }
  c(id: string): Point {
    const b = this.b(id);
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }
  left(id: string): Point {
    const b = this.b(id);
    return { x: b.x, y: b.y + b.height / 2 };
  }
  right(id: string): Point {
    const b = this.b(id);
    return { x: b.x + b.width, y: b.y + b.height / 2 };
  }
  top(id: string): Point {
    const b = this.b(id);
    return { x: b.x + b.width / 2, y: b.y };
  }
  bottom(id: string): Point {
    const b = this.b(id);
    return { x: b.x + b.width / 2, y: b.y + b.height };
  }
  edge(f: ProcessFlow, points: Point[], label?: Point | 'auto') {
    // Drop repeated points and the middle of straight runs, so every bend is a real one.
    const pts = points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
    const clean = pts.filter((p, i) => i === 0 || i === pts.length - 1 || !((pts[i - 1].x === p.x && p.x === pts[i + 1].x) || (pts[i - 1].y === p.y && p.y === pts[i + 1].y)));
    let lb: Bounds | undefined;
    if (f.name) {
      let at: Point;
      if (label && label !== 'auto') at = label;
      else {
        // Beside the first segment: above it when it runs sideways, right of it when it runs down.
        const [p, q] = clean;
        at = p.y === q.y ? { x: (p.x + q.x) / 2, y: p.y - LABEL_H / 2 - 4 } : { x: p.x + LABEL_W / 2 + 6, y: Math.min(p.y, q.y) + LABEL_H / 2 + 10 };
      }
      lb = { x: at.x - LABEL_W / 2, y: at.y - LABEL_H / 2, width: LABEL_W, height: LABEL_H };
    }
    this.edges.set(f.id, { points: clean.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })), ...(lb ? { label: lb } : {}) });
  }
  result(): Layout {
    for (const n of this.model.nodes) if (!this.shapes.has(n.id)) throw new Error(`layout: no place for ${n.id} (${n.role})`);
    for (const f of this.model.flows) if (!this.edges.has(f.id)) throw new Error(`layout: no route for ${f.id}`);
    return { shapes: this.shapes, edges: this.edges };
  }
}

/** The element a flow really enters: the join in front of it when there is one. */
function entryOf(model: ProcessModel, id: string): string {
  return model.nodes.find((n) => n.role === 'join' && n.joins === id)?.id ?? id;
}

/**
 * The tier line shared by the case and the unit-part process: for each tier a join, the tier's task
 * and its decision gateway, timers on the task's top edge, the materials loop below.
 * Returns the x where the next section may start.
 */
function placeTiers(cv: Canvas, x0: number): { blockX: Map<string, number>; end: number } {
  const m = cv.model;
  const blockX = new Map<string, number>();
  m.tiers.forEach((t, i) => {
    const bx = x0 + i * BLOCK;
    blockX.set(t, bx);
    const task = m.nodes.find((n) => n.role === 'tierTask' && n.tier === t)!;
    const gw = m.nodes.find((n) => n.role === 'tierGateway' && n.tier === t);
    const join = m.nodes.find((n) => n.role === 'join' && n.joins === task.id);
    if (join) cv.put(join.id, bx + 25, Y0);
    cv.put(task.id, bx + 160, Y0);
    if (gw) cv.put(gw.id, bx + 300, Y0, { x: bx + 242, y: Y0 - 62, width: LABEL_W, height: LABEL_H });
    for (const n of m.nodes.filter((x) => x.tier === t && x.attachedTo === task.id)) {
      if (n.role === 'reminderTimer') cv.put(n.id, bx + 120, Y0 - TASK.h / 2, { x: bx + 30, y: Y0 - 84, width: 70, height: LABEL_H });
      // An escalating deadline labels its channel; the top tier's (no channel) labels its own side.
      if (n.role === 'deadlineTimer') cv.put(n.id, bx + 200, Y0 - TASK.h / 2, n.cancelActivity === false ? { x: bx + 222, y: Y0 - 104, width: 80, height: LABEL_H } : { x: bx + 196, y: Y0 - 122, width: 110, height: LABEL_H });
    }
    for (const n of m.nodes.filter((x) => x.tier === t)) {
      if (n.role === 'remindedEnd') cv.put(n.id, bx + 120, Y0 - 130, 'left');
      if (n.role === 'overdueEnd') cv.put(n.id, bx + 200, Y0 - 130, { x: bx + 222, y: Y0 - 148, width: LABEL_W, height: LABEL_H });
      if (n.role === 'materialsTask') cv.put(n.id, bx + 160, Y0 + 145);
      if (n.role === 'materialsTimer') cv.put(n.id, bx + 120, Y0 + 145 + TASK.h / 2, { x: bx + 32, y: Y0 + 196, width: 80, height: LABEL_H + 16 });
      if (n.role === 'materialsReminderTimer') cv.put(n.id, bx + 200, Y0 + 145 + TASK.h / 2, { x: bx + 222, y: Y0 + 190, width: 70, height: LABEL_H });
      if (n.role === 'materialsRemindedEnd') cv.put(n.id, bx + 200, Y0 + 265, 'right');
    }
  });
  return { blockX, end: x0 + m.tiers.length * BLOCK };
}

/** Routes the flows that stay inside one tier block, or go from one tier to the next. */
function routeTierFlow(cv: Canvas, f: ProcessFlow, nextOf: (tier: string) => string | null): boolean {
  const s = cv.node(f.source)!;
  const t = cv.node(f.target)!;
  const into = t.role === 'join' ? cv.node(t.joins!)! : t;
  // A task to its decision gateway, a join into its task.
  if ((s.role === 'tierTask' && t.role === 'tierGateway') || (s.role === 'join' && t.role === 'tierTask') || s.role === 'start') {
    cv.edge(f, [cv.right(s.id), cv.left(t.id)]);
    return true;
  }
  if (s.role === 'tierGateway' || s.role === 'tierTask') {
    const tier = s.tier!;
    // Up to the next tier: straight along the line.
    if (into.role === 'tierTask' && into.tier === nextOf(tier)) {
      cv.edge(f, [cv.right(s.id), cv.left(t.id)]);
      return true;
    }
    if (into.role === 'materialsTask' && into.tier === tier) {
      const p = cv.bottom(s.id);
      const q = cv.right(t.id);
      cv.edge(f, [p, { x: p.x, y: q.y }, q], { x: q.x + 36, y: q.y - 26 });
      return true;
    }
    return false;
  }
  if (s.role === 'deadlineTimer') {
    const p = cv.top(s.id);
    if (t.kind === 'endEvent') {
      cv.edge(f, [p, cv.bottom(t.id)]);
      return true;
    }
    const q = cv.top(t.id);
    const channel = Y0 - 85;
    cv.edge(f, [p, { x: p.x, y: channel }, { x: q.x, y: channel }, q]);
    return true;
  }
  if (s.role === 'reminderTimer') {
    cv.edge(f, [cv.top(s.id), cv.bottom(t.id)]);
    return true;
  }
  if (s.role === 'materialsReminderTimer') {
    cv.edge(f, [cv.bottom(s.id), cv.top(t.id)]);
    return true;
  }
  if (s.role === 'materialsTask') {
    const p = cv.left(s.id);
    const q = cv.bottom(t.id);
    cv.edge(f, [p, { x: q.x, y: p.y }, q], { x: (p.x + q.x) / 2, y: p.y - 18 });
    return true;
  }
  if (s.role === 'materialsTimer') {
    const p = cv.bottom(s.id);
    const q = cv.bottom(t.id);
    const low = Y0 + 292;
    cv.edge(f, [p, { x: p.x, y: low }, { x: q.x, y: low }, q]);
    return true;
  }
  return false;
}

/** From a tier's gateway down its trunk and along the bus of the target's row. */
function busRoute(cv: Canvas, f: ProcessFlow) {
  const p = cv.bottom(f.source);
  const q = cv.left(f.target);
  cv.edge(f, [p, { x: p.x, y: q.y }, q], { x: p.x + LABEL_W / 2 + 4, y: q.y - LABEL_H / 2 - 3 });
}

/** Down below everything, along the bottom and up into the target from beneath. */
function riserRoute(cv: Canvas, f: ProcessFlow, low: number, from: Point = cv.bottom(f.source)) {
  const q = cv.bottom(f.target);
  cv.edge(f, [from, { x: from.x, y: low }, { x: q.x, y: low }, q], { x: q.x + LABEL_W / 2 + 4, y: low - LABEL_H / 2 - 3 });
}

export function layoutCaseProcess(model: ProcessModel): Layout {
  const cv = new Canvas(model);
  const byRole = (role: string) => model.nodes.find((n) => n.role === role);
  const id = (role: string) => byRole(role)?.id;
  const joinOf = (target: string | undefined) => (target ? model.nodes.find((n) => n.role === 'join' && n.joins === target)?.id : undefined);
  const tierIndex = new Map(model.tiers.map((t, i) => [t, i]));
  const nextOf = (t: string) => model.tiers[(tierIndex.get(t as never) ?? -2) + 1] ?? null;

  const x0 = 220;
  cv.put(id('start')!, x0 - 110, Y0);
  const { end: xr } = placeTiers(cv, x0);

  // Rows under the tiers: coordination, resolved (feedback and rating), refused; a low bus below.
  const rows: string[] = [];
  if (byRole('coordination')) rows.push('coordination');
  rows.push('resolved');
  if (byRole('refused')) rows.push('refused');
  const rowY = (r: string) => Y0 + 350 + rows.indexOf(r) * ROW;
  const low = Y0 + 350 + rows.length * ROW - 20;

  // Directives stand on the tier line after the top tier; coordination and consultation under them.
  const directives = id('directives');
  if (directives) {
    const j = joinOf(directives);
    if (j) cv.put(j, xr + 40, Y0);
    cv.put(directives, xr + 180, Y0);
    cv.put(id('directivesTimer')!, xr + 220, Y0 - TASK.h / 2, { x: xr + 236, y: Y0 - 80, width: 70, height: LABEL_H });
    cv.put(id('directivesOverdue')!, xr + 220, Y0 - 130, 'right');
  }
  let xo = xr + 40;
  if (byRole('coordination')) {
    const y = rowY('coordination');
    const coord = id('coordination')!;
    const j = joinOf(coord);
    if (j) cv.put(j, xr + 40, y);
    cv.put(coord, xr + 180, y);
    cv.put(id('coordinationTimer')!, xr + 220, y + TASK.h / 2, { x: xr + 108, y: y + 50, width: 90, height: LABEL_H });
    if (id('coordinationOverdue')) cv.put(id('coordinationOverdue')!, xr + 220, y + 105, 'right');
    cv.put(id('coordinationGateway')!, xr + 330, y, { x: xr + 342, y: y - 62, width: 70, height: LABEL_H });
    const consult = id('consultCity');
    if (consult) {
      const jc = joinOf(consult);
      if (jc) cv.put(jc, xr + 440, y);
      cv.put(consult, xr + 540, y);
    }
    xo = xr + 660;
  } else if (id('consultCity')) {
    // No coordination in these rules: the referral to the city is the only way into the consultation.
    const consult = id('consultCity')!;
    const jc = joinOf(consult);
    if (jc) cv.put(jc, xr + 60, Y0 + 200);
    cv.put(consult, xr + 180, Y0 + 200);
  }

  // Outcomes: feedback, rating and what follows it.
  const yr = rowY('resolved');
  const resolved = id('resolved')!;
  const jr = joinOf(resolved);
  if (jr) cv.put(jr, xo + 25, yr);
  cv.put(resolved, xo + 110, yr);
  const rating = id('rating')!;
  const jrt = joinOf(rating);
  if (jrt) cv.put(jrt, xo + 190, yr);
  cv.put(rating, xo + 320, yr);
  cv.put(id('ratingTimer')!, xo + 360, yr + TASK.h / 2, { x: xo + 240, y: yr + 50, width: 90, height: LABEL_H });
  cv.put(id('ratingGateway')!, xo + 470, yr, { x: xo + 400, y: yr - 58, width: 70, height: LABEL_H });
  cv.put(id('review')!, xo + 600, yr - 100);
  const aftercare = id('aftercare');
  if (aftercare) {
    // The aftercare after the rating; the three ends it archives the case at below it.
    const ja = joinOf(aftercare);
    if (ja) cv.put(ja, xo + 600, yr);
    cv.put(aftercare, xo + 720, yr, 'above');
    cv.put(id('aftercareGateway')!, xo + 770, yr + 130, { x: xo + 680, y: yr + 120, width: 60, height: LABEL_H });
    cv.put(id('closed')!, xo + 900, yr + 130);
    cv.put(id('reviewEnd')!, xo + 900, yr + 220);
    cv.put(id('noRating')!, xo + 650, yr + 220, 'left');
  } else {
    cv.put(id('closed')!, xo + 600, yr);
    cv.put(id('reviewEnd')!, xo + 700, yr - 100);
    cv.put(id('noRating')!, xo + 360, yr + 105, 'left');
  }
  if (byRole('reopenGateway')) cv.put(id('reopenGateway')!, xo + 470, yr + 150, 'right');
  if (byRole('refused')) {
    const yf = rowY('refused');
    const refused = id('refused')!;
    const jf = joinOf(refused);
    if (jf) cv.put(jf, xo + 25, yf);
    cv.put(refused, xo + 110, yf);
  }

  // The requester may withdraw at any time: an event sub-process, bottom left, clear of the buses.
  const w = id('withdraw')!;
  const wy = Y0 + 350;
  cv.shapes.set(w, { bounds: { x: 30, y: wy - 20, width: 270, height: 130 } });
  cv.put(id('withdrawStart')!, 95, wy + 45);
  cv.put(id('withdrawEnd')!, 235, wy + 45);

  // Supervision's event sub-processes, in a row under everything.
  const subs = placeSupervision(cv, low + 70);

  // ---- routes ----
  const rowTargets = new Set([id('coordination'), joinOf(id('coordination')), resolved, jr, id('refused'), joinOf(id('refused'))].filter(Boolean));
  for (const f of model.flows) {
    if (routeTierFlow(cv, f, nextOf)) continue;
    const s = cv.node(f.source)!;
    const t = cv.node(f.target)!;
    const straight = () => cv.edge(f, [cv.right(s.id), cv.left(t.id)]);
    if (s.parent && subs.has(s.parent)) {
      routeInside(cv, f);
      continue;
    }
    if (aftercare && routeAftercare(cv, f)) continue;
    if (s.role === 'tierGateway' || s.role === 'tierTask') {
      if (rowTargets.has(t.id)) busRoute(cv, f);
      else if (t.id === directives || t.id === joinOf(directives)) {
        // From the top tier straight on; from any other tier round underneath.
        if (s.tier === model.tiers[model.tiers.length - 1]) straight();
        else riserRoute(cv, f, low);
      } else riserRoute(cv, f, low);
      continue;
    }
    if (s.role === 'join' || s.role === 'withdrawStart' || (s.role === 'coordination' && t.role === 'coordinationGateway') || (s.role === 'rating' && t.role === 'ratingGateway') || s.role === 'review' || (s.role === 'resolved' && t.id === (jrt ?? rating))) {
      straight();
      continue;
    }
    switch (s.role) {
      case 'coordinationTimer':
        if (t.kind === 'endEvent') cv.edge(f, [cv.bottom(s.id), cv.top(t.id)]);
        else {
          // The backstop runs under the coordination into the consultation.
          const p = cv.bottom(s.id);
          const q = cv.bottom(t.id);
          cv.edge(f, [p, { x: p.x, y: p.y + 40 }, { x: q.x, y: p.y + 40 }, q]);
        }
        break;
      case 'ratingTimer':
        cv.edge(f, [cv.bottom(s.id), cv.top(t.id)]);
        break;
      case 'directivesTimer':
        cv.edge(f, [cv.top(s.id), cv.bottom(t.id)]);
        break;
      case 'coordinationGateway':
        if (f.action === 'consult_city') cv.edge(f, [cv.right(s.id), cv.left(t.id)], { x: (cv.right(s.id).x + cv.left(t.id).x) / 2, y: cv.c(s.id).y + 26 });
        else if (f.action === 'coordination_back') {
          // Back up to the task of the tier that led the coordination, along a channel under the tiers.
          const p = cv.top(s.id);
          const q = cv.bottom(t.id);
          const channel = Y0 + 70 + model.tiers.indexOf(t.tier!) * 6;
          cv.edge(f, [p, { x: p.x, y: channel }, { x: q.x + 20, y: channel }, { x: q.x + 20, y: q.y }], { x: q.x + 26, y: channel - LABEL_H });
        } else if (f.action === 'coordinate') {
          const p = cv.top(s.id);
          const q = cv.top(t.id);
          cv.edge(f, [p, { x: p.x, y: p.y - 45 }, { x: q.x, y: p.y - 45 }, q], { x: (p.x + q.x) / 2, y: p.y - 62 });
        } else {
          const p = cv.bottom(s.id);
          const q = cv.left(t.id);
          cv.edge(f, [p, { x: p.x, y: q.y }, q], { x: p.x + LABEL_W / 2 + 4, y: q.y - LABEL_H / 2 - 3 });
        }
        break;
      case 'consultCity': {
        const p = cv.top(s.id);
        const q = cv.bottom(t.id);
        cv.edge(f, [p, { x: p.x, y: Y0 + 90 }, { x: q.x, y: Y0 + 90 }, q], { x: p.x + LABEL_W / 2 + 4, y: Y0 + 110 });
        break;
      }
      case 'directives': {
        const p = cv.right(s.id);
        const q = cv.top(t.id);
        cv.edge(f, [p, { x: q.x, y: p.y }, q], { x: (p.x + q.x) / 2, y: p.y - 18 });
        break;
      }
      case 'refused': {
        const p = cv.right(s.id);
        const q = cv.bottom(t.id);
        cv.edge(f, [p, { x: q.x, y: p.y }, q]);
        break;
      }
      case 'ratingGateway':
        if (t.role === 'closed') straight();
        else if (t.role === 'review') {
          const p = cv.top(s.id);
          const q = cv.left(t.id);
          cv.edge(f, [p, { x: p.x, y: q.y }, q], { x: p.x + LABEL_W / 2 + 6, y: q.y - LABEL_H / 2 - 4 });
        } else if (t.role === 'reopenGateway') {
          cv.edge(f, [cv.bottom(s.id), cv.top(t.id)], { x: cv.c(s.id).x + LABEL_W / 2 + 8, y: (cv.bottom(s.id).y + cv.top(t.id).y) / 2 });
        } else riserRoute(cv, f, low);
        break;
      case 'reopenGateway':
        riserRoute(cv, f, low);
        break;
      default:
        if (cv.c(s.id).y === cv.c(t.id).y) straight();
        else riserRoute(cv, f, low);
    }
  }
  return cv.result();
}

/** The aftercare's flows: in from the rating (its timer, a satisfied rating, the review), out to the ends. */
function routeAftercare(cv: Canvas, f: ProcessFlow): boolean {
  const s = cv.node(f.source)!;
  const t = cv.node(f.target)!;
  const into = t.role === 'join' ? cv.node(t.joins!)! : t;
  if (into.role === 'aftercare') {
    if (s.role === 'review') cv.edge(f, [cv.bottom(s.id), cv.top(t.id)]);
    else if (s.role === 'ratingTimer') {
      const p = cv.bottom(s.id);
      const q = cv.bottom(t.id);
      cv.edge(f, [p, { x: p.x, y: p.y + 40 }, { x: q.x, y: p.y + 40 }, q]);
    } else cv.edge(f, [cv.right(s.id), cv.left(t.id)], 'auto');
    return true;
  }
  if (s.role === 'join' && t.role === 'aftercare') {
    cv.edge(f, [cv.right(s.id), cv.left(t.id)]);
    return true;
  }
  if (s.role === 'aftercare') {
    const p = cv.right(s.id);
    const q = cv.top(t.id);
    cv.edge(f, [p, { x: q.x, y: p.y }, q]);
    return true;
  }
  if (s.role === 'aftercareGateway') {
    const p = cv.c(s.id);
    const q = cv.c(t.id);
    if (q.y === p.y) cv.edge(f, [cv.right(s.id), cv.left(t.id)], 'auto');
    else if (q.x > p.x) cv.edge(f, [cv.bottom(s.id), { x: p.x, y: q.y }, cv.left(t.id)], { x: p.x + LABEL_W / 2 + 6, y: q.y - LABEL_H / 2 - 2 });
    else cv.edge(f, [cv.bottom(s.id), { x: p.x, y: q.y }, cv.right(t.id)], { x: p.x - LABEL_W / 2 - 6, y: q.y - LABEL_H / 2 - 2 });
    return true;
  }
  return false;
}

/**
 * Supervision's event sub-processes side by side from the left, their tops at `top`: each a start,
 * what it waits for, and its ends. Returns the sub-processes placed.
 */
function placeSupervision(cv: Canvas, top: number): Set<string> {
  const m = cv.model;
  const placed = new Set<string>();
  const role = (r: string) => m.nodes.find((n) => n.role === r)?.id;
  let x = 30;
  const box = (subRole: string, w: number, h: number, inner: (x: number, mid: number) => void) => {
    const id = role(subRole);
    if (!id) return;
    cv.shapes.set(id, { bounds: { x, y: top, width: w, height: h } });
    inner(x, top + h / 2);
    placed.add(id);
    x += w + 40;
  };
  /** A start, an event-based gateway, one catch event per way, one end each. */
  const fan = (prefix: string, ways: [string, string][]) => (x0: number, mid: number) => {
    cv.put(role(`${prefix}Start`)!, x0 + 45, mid, 'below');
    cv.put(role(`${prefix}Wait`)!, x0 + 130, mid);
    ways.forEach(([on, end], i) => {
      const y = mid + (i - (ways.length - 1) / 2) * 80;
      cv.put(role(on)!, x0 + 240, y, 'below');
      cv.put(role(end)!, x0 + 370, y, 'right');
    });
  };
  box('noticeSub', 500, 300, fan('notice', [['noticeAnswered', 'noticeAnsweredEnd'], ['noticeWithdrawn', 'noticeWithdrawnEnd'], ['noticeDue', 'noticeLapsedEnd']]));
  box('extensionSub', 500, 380, fan('extension', [['extensionGranted', 'extensionGrantedEnd'], ['extensionRefused', 'extensionRefusedEnd'], ['extensionOvertaken', 'extensionOvertakenEnd'], ['extensionDue', 'extensionLapsedEnd']]));
  box('rectificationSub', 640, 340, (x0, mid) => {
    const report = role('rectificationReport')!;
    const verify = role('rectificationVerify')!;
    cv.put(role('rectificationStart')!, x0 + 45, mid, 'below');
    cv.put(report, x0 + 170, mid);
    cv.put(role('rectificationReported')!, x0 + 300, mid, 'below');
    cv.put(verify, x0 + 430, mid);
    cv.put(role('rectificationClosed')!, x0 + 570, mid, 'below');
    cv.put(role('rectificationDue')!, x0 + 170, mid + TASK.h / 2, { x: x0 + 60, y: mid + 46, width: 80, height: LABEL_H });
    cv.put(role('rectificationLapsedEnd')!, x0 + 170, mid + 120, 'right');
    const voided = m.nodes.filter((n) => n.role === 'rectificationVoided');
    for (const v of voided) cv.put(v.id, cv.c(v.attachedTo!).x, mid - TASK.h / 2, 'right');
    const end = role('rectificationVoidedEnd')!;
    const join = m.nodes.find((n) => n.role === 'join' && n.joins === end)?.id;
    if (join) cv.put(join, x0 + 300, mid - 110);
    cv.put(end, x0 + 390, mid - 110, 'right');
  });
  box('callbackSub', 260, 140, (x0, mid) => {
    cv.put(role('callbackStart')!, x0 + 60, mid, 'below');
    cv.put(role('callbackEnd')!, x0 + 190, mid, 'below');
  });
  box('appealSub', 500, 300, fan('appeal', [['appealUpheld', 'appealUpheldEnd'], ['appealRejected', 'appealRejectedEnd'], ['appealDue', 'appealLapsedEnd']]));
  return placed;
}

/** A flow inside a sub-process: straight when level, else out sideways (or down from a timer) and round. */
function routeInside(cv: Canvas, f: ProcessFlow) {
  const s = cv.node(f.source)!;
  const t = cv.node(f.target)!;
  if (s.kind === 'boundaryEvent') {
    const below = s.role === 'rectificationDue';
    const p = below ? cv.bottom(s.id) : cv.top(s.id);
    const q = cv.c(t.id);
    if (q.x === p.x) cv.edge(f, [p, below ? cv.top(t.id) : cv.bottom(t.id)]);
    else cv.edge(f, [p, { x: p.x, y: q.y }, q.x > p.x ? cv.left(t.id) : cv.right(t.id)]);
    return;
  }
  const p = cv.right(s.id);
  const q = cv.left(t.id);
  if (p.y === q.y) cv.edge(f, [p, q]);
  else if (s.kind === 'eventBasedGateway') cv.edge(f, [q.y < p.y ? cv.top(s.id) : cv.bottom(s.id), { x: cv.c(s.id).x, y: q.y }, q]);
  else cv.edge(f, [p, { x: p.x + 20, y: p.y }, { x: p.x + 20, y: q.y }, q]);
}

export function layoutUnitPartProcess(model: ProcessModel): Layout {
  const cv = new Canvas(model);
  const tierIndex = new Map(model.tiers.map((t, i) => [t, i]));
  const nextOf = (t: string) => model.tiers[(tierIndex.get(t as never) ?? -2) + 1] ?? null;
  const x0 = 220;
  const start = model.nodes.find((n) => n.role === 'start')!;
  cv.put(start.id, x0 - 110, Y0);
  const { end } = placeTiers(cv, x0);
  const outcomes = model.nodes.filter((n) => n.role === 'partCanDo' || n.role === 'partCannot');
  outcomes.forEach((n, i) => {
    const y = Y0 + 200 + i * 110;
    const j = model.nodes.find((x) => x.role === 'join' && x.joins === n.id);
    if (j) cv.put(j.id, end + 25, y);
    cv.put(n.id, end + 110, y, 'right');
  });
  const w = model.nodes.find((n) => n.role === 'withdraw');
  if (w) {
    // The lead may withdraw the part: an event sub-process under the outcomes.
    const wy = Y0 + 200 + outcomes.length * 110 + 40;
    cv.shapes.set(w.id, { bounds: { x: 30, y: wy - 20, width: 270, height: 130 } });
    cv.put(model.nodes.find((n) => n.role === 'withdrawStart')!.id, 95, wy + 45);
    cv.put(model.nodes.find((n) => n.role === 'withdrawEnd')!.id, 235, wy + 45);
  }
  const targets = new Set(outcomes.flatMap((n) => [n.id, entryOf(model, n.id)]));
  for (const f of model.flows) {
    if (routeTierFlow(cv, f, nextOf)) continue;
    const s = cv.node(f.source)!;
    if (targets.has(f.target) && (s.role === 'tierGateway' || s.role === 'tierTask')) busRoute(cv, f);
    else cv.edge(f, [cv.right(f.source), cv.left(f.target)]);
  }
  return cv.result();
}

export function layoutConsultationProcess(model: ProcessModel): Layout {
  const cv = new Canvas(model);
  const y = Y0;
  const get = (role: string) => model.nodes.find((n) => n.role === role)!.id;
  cv.put(get('start'), 110, y);
  cv.put(get('keyGateway'), 220, y, 'below');
  cv.put(get('saturday'), 340, y - 110, 'above');
  const consult = get('consult');
  const j = entryOf(model, consult);
  if (j !== consult) cv.put(j, 460, y);
  cv.put(consult, 600, y);
  cv.put(get('end'), 760, y);
  for (const f of model.flows) {
    const s = cv.node(f.source)!;
    const t = cv.node(f.target)!;
    if (s.role === 'keyGateway' && t.role === 'saturday') {
      const p = cv.top(s.id);
      const q = cv.left(t.id);
      cv.edge(f, [p, { x: p.x, y: q.y }, q], { x: p.x - LABEL_W / 2 - 6, y: q.y + 20 });
    } else if (s.role === 'saturday') {
      const p = cv.right(s.id);
      const q = cv.top(t.id);
      cv.edge(f, [p, { x: q.x, y: p.y }, q]);
    } else cv.edge(f, [cv.right(s.id), cv.left(t.id)]);
  }
  return cv.result();
}
