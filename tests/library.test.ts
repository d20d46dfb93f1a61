// The case library (案例汇编): Chinese search (short and long terms), a case resolved by another city's
// practice that becomes a precedent and is cited by a second case, rules linked to their cases, and
// who may write and read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { outbox } from '../db/schema.js';
import { and, eq } from 'drizzle-orm';
import { describeCitation, recordCitations } from '../db/library.js';
import { unknownPrecedents } from '../services/library.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (url: string, who: string | null, payload: object) =>
  h.app.inject({ method: 'POST', url, headers: who ? h.as(who) : {}, payload });
const get = (url: string, who: string | null) => h.app.inject({ method: 'GET', url, headers: who ? h.as(who) : {} });
const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((x) => x.id);

const NANJING = {
  source: { kind: 'elsewhere', place: '江苏省南京市', documentedIn: '《南京市既有建筑改造利用消防设计审查验收规定》宁建规〔2021〕3号' },
  title: '商业用房改建养老机构先行消防验收',
  category: 'elderly_care',
  kind: 'no_precedent',
  problem: '利用商业用房改建的养老机构，未办理改变使用性质审批，无法通过消防验收。',
  solution: '住建、规划联合审查，按实际用途先行开展消防验收，同步补办使用性质变更手续。',
  unitIds: ['housing', 'planning'],
};
const HEFEI = {
  source: { kind: 'elsewhere', place: '安徽省合肥市', documentedIn: '合肥市不动产登记历史遗留问题处置意见' },
  title: '征迁安置房补办不动产权证',
  category: 'property',
  kind: 'legacy',
  problem: '2002年征迁安置后区划调整，错过办理房产证时限。',
  solution: '由自然资源和规划部门牵头，认定原征迁协议效力后补办登记。',
  unitIds: ['planning'],
};
const GAS = {
  source: { kind: 'elsewhere', place: '浙江省杭州市', documentedIn: '杭州市优化营商环境燃气报装十条' },
  title: '企业燃气管道报装绿色通道',
  category: 'utilities',
  kind: 'cross_department',
  problem: '企业投产在即，燃气管道报装涉及多个部门。',
  solution: '燃气公司开辟绿色通道，市领导现场办公，同步完成消防安全检查。',
  unitIds: ['gas', 'agriculture'],
};

describe('case library', () => {
  let nanjing: string;
  let hefei: string;
  let gas: string;

  it('lets supervisors and principal heads record precedents, and refuses everyone else', async () => {
    for (const who of ['housing.fc1', 'housing.chief1', 'housing.deputy', 'city-mayor', 'int-12345', 'admin']) {
      const res = await post('/v1/precedents', who, NANJING);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN_ROLE');
    }
    expect((await post('/v1/precedents', null, NANJING)).statusCode).toBe(401);

    const missing = await post('/v1/precedents', 'sup-1', { source: NANJING.source, title: '只有标题' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.kind', 'body.problem', 'body.solution']);
    expect((await post('/v1/precedents', 'sup-1', { ...NANJING, unitIds: ['nowhere'] })).json().code).toBe('UNKNOWN_UNIT');
    expect((await get('/v1/precedents', 'sup-1')).json().total).toBe(0); // bad input changed nothing

    const a = await post('/v1/precedents', 'sup-1', NANJING);
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ source: { kind: 'elsewhere', place: '江苏省南京市' }, kind: 'no_precedent', kindLabel: '本市无先例', citeCount: 0 });
    expect(a.json().units.map((u: { id: string }) => u.id)).toEqual(['housing', 'planning']);
    nanjing = a.json().id;
    const b = await post('/v1/precedents', 'planning.head', HEFEI);
    expect(b.statusCode).toBe(201);
    hefei = b.json().id;
    gas = (await post('/v1/precedents', 'sup-2', GAS)).json().id;

    // Anyone in government reads.
    for (const who of ['housing.fc1', 'civil.chief2', 'city-vice-zhao', 'int-12345', 'admin']) {
      const res = await get(`/v1/precedents/${nanjing}`, who);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().title).toBe(NANJING.title);
    }
    expect((await get(`/v1/precedents/${nanjing}`, null)).statusCode).toBe(401);
    expect((await get('/v1/precedents/P-19700101-NOPE1', 'housing.fc1')).json().code).toBe('PRECEDENT_NOT_FOUND');
  });

  it('finds two-character and longer Chinese queries, ranked and highlighted, with filters', async () => {
    const fire = await get(`/v1/precedents/search?q=${encodeURIComponent('消防')}`, 'housing.fc1');
    expect(fire.statusCode).toBe(200);
    expect(fire.json().mode).toBe('substring');
    // 消防 in the title ranks above 消防 only in the text.
    expect(ids(fire)).toEqual([nanjing, gas]);
    expect(fire.json().items[0].titleHtml).toContain('<mark>消防</mark>');
    expect(fire.json().items[1].snippet).toContain('<mark>消防</mark>安全检查');

    const property = await get(`/v1/precedents/search?q=${encodeURIComponent('房产')}`, 'housing.fc1');
    expect(ids(property)).toEqual([hefei]);
    expect(property.json().items[0].snippet).toContain('<mark>房产</mark>证');

    const long = await get(`/v1/precedents/search?q=${encodeURIComponent('消防验收')}`, 'housing.fc1');
    expect(long.json().mode).toBe('index');
    expect(ids(long)).toEqual([nanjing]);
    expect(long.json().items[0].snippet).toContain('<mark>消防验收</mark>');

    const mixed = await get(`/v1/precedents/search?q=${encodeURIComponent('燃气 绿色通道')}`, 'housing.fc1');
    expect(mixed.json().mode).toBe('mixed');
    expect(ids(mixed)).toEqual([gas]);

    const byKind = await get(`/v1/precedents/search?q=${encodeURIComponent('消防')}&kind=cross_department`, 'housing.fc1');
    expect(ids(byKind)).toEqual([gas]);
    const byUnit = await get(`/v1/precedents/search?q=${encodeURIComponent('消防')}&unitId=planning`, 'housing.fc1');
    expect(ids(byUnit)).toEqual([nanjing]);
    const byCategory = await get(`/v1/precedents?category=property`, 'housing.fc1');
    expect(ids(byCategory)).toEqual([hefei]);
    const bySource = await get(`/v1/precedents?q=${encodeURIComponent('办理')}&source=local_case`, 'housing.fc1');
    expect(bySource.json().total).toBe(0);

    const none = await get(`/v1/precedents/search?q=${encodeURIComponent('不存在的事项')}`, 'housing.fc1');
    expect(none.json()).toMatchObject({ total: 0, items: [] });
    expect((await get('/v1/precedents/search?q=', 'housing.fc1')).statusCode).toBe(400);
  });

  let caseA: string;
  let caseB: string;
  let promoted: string;

  it('resolves a case by another city\'s practice, promotes it, and a second case finds and cites it', async () => {
    const a = await post('/v1/cases', 'housing.fc1', {
      requester: { kind: 'enterprise', name: '幸福里养老院', phone: '13905620001' },
      channel: 'window',
      title: '商业楼改建的养老院无法通过消防验收',
      description: '养老院利用商业楼改建，未办理改变用途手续，消防验收无法通过，本市无先例。联系人 13905620001。',
      category: 'elderly_care',
    });
    expect(a.statusCode).toBe(201);
    caseA = a.json().id;

    // At intake the officer sees the other city's practice.
    const similar = await get(`/v1/cases/${caseA}/similar-precedents`, 'housing.fc1');
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items[0]).toMatchObject({ id: nanjing, sourceKind: 'elsewhere', place: '江苏省南京市', matchedOn: 'text' });
    expect(ids(similar)).not.toContain(gas);
    expect((await get(`/v1/cases/${caseA}/similar-precedents`, 'civil.fc1')).statusCode).toBe(404); // not their case

    const resolved = await post(`/v1/cases/${caseA}/decisions`, 'housing.fc1', {
      action: 'resolve',
      result: '参照南京做法，住建会同规划联合审查，先行消防验收，两天办结。',
      precedentIds: [nanjing],
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().timeline.at(-1)).toMatchObject({ action: 'resolved', data: { precedentIds: [nanjing] } });

    const cited = (await get(`/v1/precedents/${nanjing}`, 'housing.fc1')).json();
    expect(cited.citeCount).toBe(1);
    expect(cited.citations).toEqual([expect.objectContaining({ caseId: caseA, action: 'resolved', caseTitle: '商业楼改建的养老院无法通过消防验收' })]);
    // The requester's feedback says the case followed another city.
    expect((await describeCitation(h.db, [nanjing]))).toBe('参照外地经验：江苏省南京市“商业用房改建养老机构先行消防验收”。');
    const feedback = (await h.db.select().from(outbox).where(and(eq(outbox.caseId, caseA), eq(outbox.template, 'feedback_resolved'))));
    expect(feedback).toHaveLength(1);
    expect(feedback[0].body).toContain('参照外地经验：江苏省南京市“商业用房改建养老机构先行消防验收”。');

    // Promotion: a principal head of another unit cannot see the case; an officer may not promote.
    expect((await post('/v1/precedents', 'planning.head', { source: { kind: 'local_case', caseId: caseA } })).json().code).toBe('CASE_NOT_FOUND');
    expect((await post('/v1/precedents', 'housing.fc1', { source: { kind: 'local_case', caseId: caseA } })).statusCode).toBe(403);
    const p = await post('/v1/precedents', 'sup-1', { source: { kind: 'local_case', caseId: caseA }, kind: 'no_precedent' });
    expect(p.statusCode).toBe(201);
    promoted = p.json().id;
    expect(p.json()).toMatchObject({
      title: '商业楼改建的养老院无法通过消防验收',
      category: 'elderly_care',
      solution: '参照南京做法，住建会同规划联合审查，先行消防验收，两天办结。',
      source: { kind: 'local_case', caseId: caseA },
      builtOn: [{ id: nanjing, sourceKind: 'elsewhere', place: '江苏省南京市' }],
      units: [{ id: 'housing' }],
    });
    expect(p.json().problem).toContain('联系人 139****0001');
    const again = await post('/v1/precedents', 'housing.head', { source: { kind: 'local_case', caseId: caseA } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_PROMOTED', precedentId: promoted });

    // A second case, elsewhere in the bureau, finds the promoted precedent and cites it.
    const b = await post('/v1/cases', 'housing.fc2', {
      requester: { kind: 'person', name: '张女士' },
      channel: 'hotline',
      title: '商业楼改建养老院的消防验收怎么办',
      description: '想把商业楼改建为养老院，消防验收能否办理？',
      category: 'elderly_care',
    });
    caseB = b.json().id;
    // Intake already shows the officer the closest precedents, and so does the inbox when asked.
    expect(b.json().similarPrecedents.map((x: { id: string }) => x.id).slice(0, 2).sort()).toEqual([nanjing, promoted].sort());
    const inbox = (await get('/v1/inbox?include=precedents', 'housing.fc2')).json();
    const itemB = inbox.items.find((x: { id: string }) => x.id === caseB);
    expect(itemB.similarPrecedents.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([nanjing, promoted]));
    const forB = await get(`/v1/cases/${caseB}/similar-precedents`, 'housing.fc2');
    expect(ids(forB).slice(0, 2).sort()).toEqual([nanjing, promoted].sort());
    expect((await get(`/v1/cases/${caseA}/similar-precedents`, 'housing.fc1')).json().items.map((x: { id: string }) => x.id)).not.toContain(promoted);

    const search = await get(`/v1/precedents/search?q=${encodeURIComponent('养老院')}`, 'housing.fc2');
    const hits = search.json().items.map((x: { type: string; id: string }) => `${x.type}:${x.id}`);
    expect(hits).toContain(`precedent:${promoted}`);
    expect(hits).toContain(`case:${caseA}`); // resolved cases are searchable too
    expect(hits).not.toContain(`case:${caseB}`); // open ones are not
    const caseHit = search.json().items.find((x: { id: string }) => x.id === caseA);
    expect(caseHit.snippet).not.toContain('13905620001'); // a phone in the text is masked
    const forIntegrator = await get(`/v1/precedents/search?q=${encodeURIComponent('养老院')}`, 'int-12345');
    expect(forIntegrator.json().items.map((x: { type: string }) => x.type)).not.toContain('case');

    const escalated = await post(`/v1/cases/${caseB}/decisions`, 'housing.fc2', {
      action: 'escalate',
      reason: 'no_precedent',
      note: '参照本市典型案例，请科室负责人研判',
      precedentIds: [promoted],
    });
    expect(escalated.statusCode).toBe(200);
    const chief = escalated.json().assignee.principalId;
    const done = await post(`/v1/cases/${caseB}/decisions`, chief, { action: 'resolve', result: '按本市先例先行消防验收。', precedentIds: [promoted] });
    expect(done.statusCode).toBe(200);

    const used = (await get(`/v1/precedents/${promoted}`, 'city-mayor')).json();
    expect(used).toMatchObject({ citeCount: 2, citedByCases: 1 });
    expect(used.citations.map((c: { caseId: string; action: string }) => `${c.caseId}:${c.action}`).sort()).toEqual([`${caseB}:escalated`, `${caseB}:resolved`]);
    const mostCited = await get('/v1/precedents?sort=cited', 'housing.fc1');
    expect(mostCited.json().items.slice(0, 2).map((x: { id: string; citeCount: number }) => [x.id, x.citeCount])).toEqual([
      [promoted, 2],
      [nanjing, 1],
    ]);
    expect((await describeCitation(h.db, [promoted, nanjing]))).toBe(
      '参照外地经验：江苏省南京市“商业用房改建养老机构先行消防验收”；参照本市典型案例：“商业楼改建的养老院无法通过消防验收”。',
    );
  });

  it('records a rule with the cases and precedents it grew from', async () => {
    const rule = {
      title: '既有建筑改变使用功能联合审查办法',
      content: '商业用房等既有建筑改建为养老机构的，由住建部门牵头，会同规划部门联合审查，先行消防验收。',
      issuedOn: '2023-06-01',
      documentNo: '铜建〔2023〕12号',
      category: 'elderly_care',
      caseIds: [caseA],
      precedentIds: [promoted, nanjing],
    };
    expect((await post('/v1/rules', 'housing.deputy', rule)).statusCode).toBe(403);
    expect((await post('/v1/rules', 'planning.head', { ...rule, issuingUnitId: 'housing' })).json().code).toBe('FORBIDDEN_UNIT');
    expect((await post('/v1/rules', 'planning.head', { ...rule, caseIds: [], precedentIds: ['P-19700101-NOPE1'] })).json().code).toBe('UNKNOWN_PRECEDENT');
    expect((await post('/v1/rules', 'housing.head', { ...rule, caseIds: ['20260101-NOPE'] })).json().code).toBe('UNKNOWN_CASE');
    expect((await get('/v1/rules', 'housing.fc1')).json().total).toBe(0);

    const res = await post('/v1/rules', 'housing.head', rule);
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ issuingUnit: { id: 'housing', name: '市住房和城乡建设局' }, issuedOn: '2023-06-01', documentNo: '铜建〔2023〕12号' });
    expect(r.cases).toEqual([expect.objectContaining({ id: caseA, status: 'resolved' })]);
    expect(r.precedents.map((x: { id: string }) => x.id).sort()).toEqual([nanjing, promoted].sort());

    expect((await get(`/v1/rules/${r.id}`, 'int-12345')).json().cases[0].id).toBe(caseA);
    expect((await get(`/v1/precedents/${promoted}`, 'housing.fc1')).json().rules).toEqual([
      expect.objectContaining({ id: r.id, title: rule.title, issuingUnitId: 'housing' }),
    ]);
    const found = await get(`/v1/precedents/search?q=${encodeURIComponent('联合审查')}&scope=rules`, 'civil.fc1');
    expect(ids(found)).toEqual([r.id]);
    expect(ids(await get('/v1/rules?unitId=planning', 'civil.fc1'))).toEqual([]);
  });

  it('checks cited ids and counts a replayed citation once', async () => {
    expect((await unknownPrecedents(h.db, [nanjing, 'P-19700101-NOPE1', nanjing]))).toEqual(['P-19700101-NOPE1']);
    const at = new Date().toISOString();
    expect((await recordCitations(h.db, { caseId: caseA, seq: 99, action: 'resolved', precedentIds: [hefei, 'P-19700101-NOPE1'], at }))).toBe(1);
    expect((await recordCitations(h.db, { caseId: caseA, seq: 99, action: 'resolved', precedentIds: [hefei], at }))).toBe(0);
    expect((await describeCitation(h.db, ['P-19700101-NOPE1']))).toBe('');
  });

  it('serves the browse and search page and documents the API', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/library' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('案例汇编');
    // The page's own script (a file under /assets: no inline script) drives the search API.
    const src = /<script src="(\/assets\/library-page\.js)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const script = await h.app.inject({ method: 'GET', url: src! });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('/v1/precedents/search');
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/v1/precedents', '/v1/precedents/search', '/v1/precedents/{id}', '/v1/rules', '/v1/rules/{id}', '/v1/cases/{id}/similar-precedents']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths)).not.toContain('/library');
  });
});
