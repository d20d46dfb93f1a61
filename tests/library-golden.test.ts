// The case library's golden queries: a fixed set of precedents, rules and one resolved case, and the
// queries whose top results (and bm25 scores) must be the same on SQLite (FTS5 trigram) and on
// PostgreSQL (bigram tsvector, db/pg/library-index.ts): `TEST_STORE=postgres` runs this same file.
// Short Chinese terms (消防) go by substring, longer ones by the index and bm25, mixed ones by both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { searchLibrary, similarPrecedents, type LibrarySearch } from '../db/library.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (url: string, who: string, payload: object) => h.app.inject({ method: 'POST', url, headers: h.as(who), payload });

const elsewhere = (place: string, documentedIn: string) => ({ kind: 'elsewhere', place, documentedIn });
const CORPUS = {
  eldercare: {
    source: elsewhere('江苏省南京市', '南京市既有建筑改造利用消防设计审查验收规定'),
    title: '商业用房改建养老机构先行消防验收',
    category: 'elderly_care',
    kind: 'no_precedent',
    problem: '利用商业用房改建的养老机构，未办理改变使用性质审批，无法通过消防验收。',
    solution: '住建、规划联合审查，按实际用途先行开展消防验收，同步补办使用性质变更手续。',
    unitIds: ['housing', 'planning'],
  },
  gas: {
    source: elsewhere('浙江省杭州市', '杭州市优化营商环境燃气报装十条'),
    title: '企业燃气管道报装绿色通道',
    category: 'utilities',
    kind: 'cross_department',
    problem: '企业投产在即，燃气管道报装涉及多个部门。',
    solution: '燃气公司开辟绿色通道，市领导现场办公，同步完成消防安全检查。',
    unitIds: ['gas'],
  },
  property: {
    source: elsewhere('安徽省合肥市', '合肥市不动产登记历史遗留问题处置意见'),
    title: '征迁安置房补办不动产权证',
    category: 'property',
    kind: 'legacy',
    problem: '2002年征迁安置后区划调整，错过办理房产证时限，不动产登记无从办起。',
    solution: '由自然资源和规划部门牵头，认定原征迁协议效力后补办不动产登记。',
    unitIds: ['planning'],
  },
  // Long, with 消防验收 twice in the text but not in the title: bm25 weighs length and the title.
  warehouse: {
    source: elsewhere('江苏省苏州市', '苏州市仓储物流用地转型指引'),
    title: '闲置厂房改建仓储物流中心',
    category: 'planning',
    kind: 'cross_department',
    problem:
      '闲置厂房改建为仓储物流中心，原有建筑未做消防验收，新用途的消防验收标准更高，企业不知先办哪一项，规划、住建、应急管理各有要求，前后往返三个多月。',
    solution: '由规划部门出具用途认定意见，住建部门据此组织验收，应急管理部门同步指导，企业一次提交材料。',
    unitIds: ['planning', 'housing'],
  },
  // Latin letters next to Han characters, in upper case: found by a lower-case query on both stores.
  bim: {
    source: elsewhere('广东省深圳市', '深圳市BIM审查试点通知(试行)'),
    title: 'BIM审查替代部分图纸审查',
    category: 'planning',
    kind: 'other',
    problem: '施工图纸审查周期长，改动反复。',
    solution: '以BIM模型审查替代部分图纸审查，审查意见一次性告知。',
    unitIds: ['planning'],
  },
};

const RULE = {
  title: '既有建筑改变使用功能联合审查办法',
  content: '商业用房等既有建筑改建为养老机构的，由住建部门牵头，会同规划部门联合审查，先行消防验收。',
  issuedOn: '2023-06-01',
  documentNo: '铜建〔2023〕12号',
  category: 'elderly_care',
};

const ids: Record<string, string> = {};
const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
const search = async (q: string, more: Partial<LibrarySearch> = {}) => {
  const r = await searchLibrary(h.db, { q, limit: 10, offset: 0, ...more });
  return { mode: r.mode, total: r.total, top: r.items.map((x) => [name(x.id), x.score]) };
};

describe('case library golden queries (both stores)', () => {
  it('indexes the corpus', async () => {
    for (const [k, p] of Object.entries(CORPUS)) {
      const res = await post('/v1/precedents', 'sup-1', p);
      expect(res.statusCode, k).toBe(201);
      ids[k] = res.json().id;
    }
    const rule = await post('/v1/rules', 'housing.head', RULE);
    expect(rule.statusCode).toBe(201);
    ids.rule = rule.json().id;
  });

  it('indexes a resolved case with personal data masked', async () => {
    const c = await post('/v1/cases', 'housing.fc1', {
      requester: { kind: 'person', name: '王建国', phone: '13905620002' },
      channel: 'window',
      title: '王建国反映老旧小区加装电梯审批',
      description: '王建国家住和平路12号，老旧小区加装电梯涉及规划审批与消防验收，联系电话13905620002。',
      category: 'fire_safety',
    });
    expect(c.statusCode).toBe(201);
    ids.case = c.json().id;
    const done = await post(`/v1/cases/${ids.case}/decisions`, 'housing.fc1', { action: 'resolve', result: '规划与住建联合审查，加装电梯一次办结。' });
    expect(done.statusCode).toBe(200);

    const lift = await search('加装电梯');
    expect(lift.top.map(([n]) => n)).toEqual(['case']);
    const hit = (await searchLibrary(h.db, { q: '加装电梯', limit: 10, offset: 0 })).items[0]!;
    expect(hit.title).toBe('某某反映老旧小区加装电梯审批');
    expect(hit.snippet).not.toContain('王建国');
    expect(hit.snippet).not.toContain('和平路12号');
    expect(hit.snippet).not.toContain('13905620002');
    // The name and the address are not in the index at all, only their masks.
    expect((await search('王建国')).total).toBe(0);
    expect((await search('和平路')).total).toBe(0);
    expect((await search('某某')).top.map(([n]) => n)).toEqual(['case']);
  });

  it('returns the same top results for the golden queries', async () => {
    const golden: Record<string, Awaited<ReturnType<typeof search>>> = {};
    for (const q of ['消防', '消防验收', '联合审查 先行消防验收', '燃气 绿色通道', '不动产登记', 'bim审查', '审查', '房产', '电梯', '〔2023〕12号', '(试行)']) golden[q] = await search(q);
    golden['消防验收 (precedents)'] = await search('消防验收', { types: ['precedent'] });
    golden['审查 (cited)'] = await search('审查', { sort: 'cited' });
    expect(golden).toEqual(GOLDEN);
  });

  it('finds the same similar precedents', async () => {
    const similar = await similarPrecedents(h.db, { title: '商业楼改建养老院的消防验收怎么办', description: '想把商业楼改建为养老院，消防验收能否办理？', category: 'elderly_care' });
    expect(similar.map((s) => [name(s.id), s.matchedOn, s.score])).toEqual(SIMILAR);
  });
});

// Names of the documents above (case: the resolved one) with their scores, best first. Terms under
// three characters score by occurrences (the title's four times); longer ones by bm25, where a term
// most documents hold (消防验收, in four of seven) weighs almost nothing, as FTS5 clamps its idf.
const GOLDEN = {
  '消防': { mode: 'substring', total: 5, top: [['eldercare', 7], ['warehouse', 2], ['case', 1], ['gas', 1], ['rule', 1]] },
  '消防验收': { mode: 'index', total: 4, top: [['eldercare', 1.786e-6], ['warehouse', 1.187e-6], ['rule', 1.128e-6], ['case', 1.112e-6]] },
  '联合审查 先行消防验收': { mode: 'index', total: 2, top: [['eldercare', 1.519], ['rule', 1.354]] },
  '燃气 绿色通道': { mode: 'mixed', total: 1, top: [['gas', 2.651]] },
  '不动产登记': { mode: 'index', total: 1, top: [['property', 2.269]] },
  'bim审查': { mode: 'index', total: 1, top: [['bim', 2.676]] },
  '审查': { mode: 'substring', total: 4, top: [['bim', 13], ['rule', 5], ['eldercare', 2], ['case', 1]] },
  '房产': { mode: 'substring', total: 1, top: [['property', 1]] },
  '电梯': { mode: 'substring', total: 1, top: [['case', 6]] },
  '〔2023〕12号': { mode: 'index', total: 1, top: [['rule', 1.654]] },
  '(试行)': { mode: 'index', total: 1, top: [['bim', 1.592]] },
  '消防验收 (precedents)': { mode: 'index', total: 2, top: [['eldercare', 1.786e-6], ['warehouse', 1.187e-6]] },
  '审查 (cited)': { mode: 'substring', total: 4, top: [['case', 1], ['bim', 13], ['eldercare', 2], ['rule', 5]] },
};
const SIMILAR = [
  ['eldercare', 'text', 5.985],
  ['warehouse', 'text', 1.834],
];
