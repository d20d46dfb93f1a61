// An integrator (e.g. the 12345 hotline platform) starting a case from its own program.
// Run against `npm start`:  API_TOKEN=$(node -p "require('./data/demo-tokens.json')['int-12345']") npx tsx examples/start-case.ts
const api = process.env.API_URL ?? 'http://localhost:3000';
const token = process.env.API_TOKEN;
if (!token) throw new Error('Set API_TOKEN to an integrator token (data/demo-tokens.json, key "int-12345").');

const res = await fetch(`${api}/v1/cases`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    externalId: 'HL-2026-000123', // our own ticket id: a retry returns the same case
    requester: { kind: 'person', name: '陈女士', phone: '13905620000' },
    channel: 'hotline',
    title: '公积金贷款转商业贷款手续卡住',
    description: '来电反映公积金贷款转换手续在中心窗口被告知无法办理。',
    firstContactUnitId: 'housing-fund',
  }),
});
const body = await res.json();
if (!res.ok) throw new Error(`${res.status} ${body.code}: ${body.detail}`);
console.log(`case ${body.id} (${res.status === 201 ? 'new' : 'already known'}), tracking code ${body.trackingCode}`);
console.log(`held by ${body.assignee.name} at tier ${body.tier} until ${body.deadlineAt}`);
