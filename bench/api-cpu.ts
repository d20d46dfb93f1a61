// The API's own CPU per lifecycle (intake, three escalations, a resolve, a rating), in-process and
// without Temporal: the case system's fastify app over a store of its own, with a stand-in client
// that answers each Update as the workflow would (the store call and the engine, as
// bench/lib/store-call.ts runs them) and whose CPU is left out of the figure. What remains is what
// the API process spends per call: routing, auth, validation, its reads, the answer, the log line.
// The Temporal client's own share (gRPC, the payload codec) is not in it.
//
// A/B: `--against <checkout>[,<checkout>…]` measures those checkouts' APIs too, in alternating child processes
// (several rounds, so drift in the machine's load falls on both alike), and prints both side by side.
//   node --import tsx bench/api-cpu.ts [--against <checkout>,…] [--rounds 6] [--lifecycles 60] [--store postgres]
// `--store postgres` runs on a PostgreSQL cluster of its own (bench/lib/store.ts), a database per child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InjectOptions } from 'fastify';
import { ESCALATE, intakeBody, RESOLVE, unitsOf } from './lib/drivers.js';
import { stopStore, storeCluster, useStore } from './lib/store.js';

const here = resolve(fileURLToPath(import.meta.url), '../..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Figures {
  lifecycles: number;
  /** API CPU ms per lifecycle, without the stand-in workflow's. */
  cpuMsPerLifecycle: number;
  /** The same per call kind. */
  perCall: Record<string, number>;
}

/** One child: builds the app of `root`, warms it, measures `lifecycles` lifecycles. */
async function child(root: string, lifecycles: number): Promise<Figures> {
  // As the bench's API runs (bench/lib/stack.ts): one address and a few officers far faster than any window.
  for (const k of ['RATE_LIMIT_PUBLIC_PER_MINUTE', 'RATE_LIMIT_TOKEN_PER_MINUTE', 'INTAKE_PER_MINUTE', 'INTAKE_PER_MINUTE_INTEGRATOR']) process.env[k] = '1000000000';
  const imp = <T>(p: string) => import(join(root, p)) as Promise<T>;
  const { buildApp } = await imp<typeof import('../api/server.js')>('api/server.ts');
  const { logDestination, loggerOptions } = await imp<typeof import('../api/log.js')>('api/log.ts');
  const { loadDemoDirectory } = await imp<typeof import('../db/demo.js')>('db/demo.ts');
  const { createStoreCallActivities } = await imp<typeof import('../activities/store-call.js')>('activities/store-call.ts');
  const { runJob } = await imp<typeof import('../domain/engine/driver.js')>('domain/engine/driver.ts');
  const { caseEngine, initialState } = await imp<typeof import('../domain/engine/case.js')>('domain/engine/case.ts');
  const { newKeyFile, parseKeyList } = await imp<typeof import('../security/keys.js')>('security/keys.ts');
  const { DEFAULT_POLICY } = await imp<typeof import('../domain/policy.js')>('domain/policy.ts');
  const { openStore } = await imp<typeof import('../db/client.js')>('db/client.ts');
  type CaseState = import('../domain/engine/case.js').CaseState;
  type CaseEvent = import('../domain/engine/case.js').CaseEvent;

  const dir = mkdtempSync(join(tmpdir(), 'api-cpu-'));
  const db = await openStore({ dataDir: dir, storeUrl: arg('--store-url') });
  const tokens = (await loadDemoDirectory(db, { dataDir: dir }))!;
  const store = createStoreCallActivities(db, { policy: DEFAULT_POLICY });

  // The stand-in workflow: per workflow id its input, state and job count. Its CPU is counted apart.
  const flows = new Map<string, { input: import('../domain/case.js').CaseInput; state: CaseState; jobs: number }>();
  let standInCpu = 0;
  const standIn = async <T>(f: () => Promise<T>): Promise<T> => {
    const c0 = process.cpuUsage();
    try {
      // What crosses Temporal is JSON.
      return JSON.parse(JSON.stringify(await f())) as T;
    } finally {
      const c = process.cpuUsage(c0);
      standInCpu += (c.user + c.system) / 1000;
    }
  };
  const view = (s: CaseState, withTimeline = true) => {
    const { engine: _e, ...rest } = s;
    return { ...rest, timeline: withTimeline ? rest.timeline : [] };
  };
  const job = async (workflowId: string, event: CaseEvent) => {
    const f = flows.get(workflowId)!;
    const r = await store.caseJob({ key: { workflowId, runId: 'r', jobNo: ++f.jobs, eventId: `e${f.jobs}` }, input: f.input, state: f.state, event });
    const answers = [...r.answers];
    f.state = (await runJob(caseEngine, f.state, event, () => answers.shift()! as never)).state;
    return f;
  };
  const client = {
    withDeadline: <T>(_until: number, fn: () => Promise<T>) => fn(),
    workflow: {
      executeUpdateWithStart: (_def: unknown, o: { startWorkflowOperation: { options: { workflowId: string; args: [import('../domain/case.js').CaseInput] } } }) =>
        standIn(async () => {
          const { workflowId, args } = o.startWorkflowOperation.options;
          flows.set(workflowId, { input: args[0], state: initialState(args[0], workflowId), jobs: 0 });
          const f = await job(workflowId, { type: 'started', at: new Date().toISOString(), input: args[0], workflowId } as CaseEvent);
          return view(f.state);
        }),
      getHandle: (workflowId: string) => ({
        executeUpdate: (def: { name: string }, o: { args: [unknown] }) =>
          standIn(async () => {
            const from = flows.get(workflowId)!.state.timeline.length;
            const at = new Date().toISOString();
            const event = (def.name === 'decide' ? { type: 'decided', at, env: o.args[0], via: 'update' } : def.name === 'rate' ? { type: 'rated', at, body: o.args[0] } : null) as CaseEvent | null;
            if (!event) throw new Error(`the stand-in answers decide and rate, not ${def.name}`);
            const f = await job(workflowId, event);
            return { summary: { ...view(f.state, false), timeline: [] }, steps: f.state.timeline.slice(from) };
          }),
      }),
    },
  };

  // The production log (api/log.ts): standard output, a pipe the parent reads, as under the bench.
  const app = await buildApp({
    db,
    client: client as never,
    config: { taskQueue: 'api-cpu', temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233', publicUrl: 'http://localhost:3000', production: false },
    trackingSecret: 'api-cpu-tracking-secret',
    keyRing: parseKeyList(`bench:${newKeyFile('bench').keys.bench}`),
    logger: { ...loggerOptions('info'), stream: logDestination() },
  });
  await app.ready();

  const units = unitsOf(tokens);
  const calls: Record<string, number> = { intake: 0, decision: 0, rating: 0 };
  let serial = 0;
  const call = async (kind: string, o: InjectOptions) => {
    const s0 = standInCpu;
    const c0 = process.cpuUsage();
    const r = await app.inject(o);
    const c = process.cpuUsage(c0);
    calls[kind]! += (c.user + c.system) / 1000 - (standInCpu - s0);
    if (r.statusCode >= 300) throw new Error(`${kind}: ${r.statusCode} ${r.body}`);
    return r.json() as Record<string, any>;
  };
  const lifecycle = async (unit: string) => {
    const auth = (p: string) => ({ authorization: `Bearer ${tokens[p]}` });
    const c = await call('intake', {
      method: 'POST',
      url: '/v1/cases',
      headers: auth(`${unit}.fc1`),
      payload: intakeBody(++serial),
    });
    // A 202 (taken in, the engine too slow to name the assignee) would leave this lifecycle's CPU short.
    if (!c.assignee) throw new Error(`intake of ${c.id} answered without an assignee (202): the engine did not answer in time`);
    let assignee = c.assignee.principalId as string;
    const decide = async (body: Record<string, string>) => {
      const r = await call('decision', { method: 'POST', url: `/v1/cases/${c.id}/decisions`, headers: auth(assignee), payload: body });
      assignee = r.assignee?.principalId ?? '';
    };
    for (let i = 0; i < 3; i++) await decide(ESCALATE);
    await decide(RESOLVE);
    await call('rating', { method: 'POST', url: `/v1/cases/${c.id}/rating?trackingCode=${c.trackingCode}`, payload: { rating: 'satisfied' } });
  };

  for (let i = 0; i < 20; i++) await lifecycle(units[i % units.length]!);
  for (const k of Object.keys(calls)) calls[k] = 0;
  for (let i = 0; i < lifecycles; i++) await lifecycle(units[i % units.length]!);
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  const per = (ms: number) => Math.round((ms / lifecycles) * 100) / 100;
  const perCall = Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, per(v)]));
  return { lifecycles, cpuMsPerLifecycle: per(Object.values(calls).reduce((a, b) => a + b, 0)), perCall };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return Math.round(m * 100) / 100;
};

async function main() {
  const lifecycles = Number(arg('--lifecycles') ?? 60);
  if (process.argv.includes('--child')) {
    writeFileSync(arg('--out')!, JSON.stringify(await child(resolve(arg('--root') ?? here), lifecycles)));
    return;
  }
  const rounds = Number(arg('--rounds') ?? 6);
  const against = arg('--against');
  const onPostgres = arg('--store') === 'postgres';
  if (onPostgres) {
    process.once('exit', stopStore);
    await useStore('postgres', (m) => console.log(m));
  }
  const variants = [{ name: 'this checkout', root: here }, ...(against ? against.split(',').map((a) => ({ name: a, root: resolve(a) })) : [])];
  const figures = new Map<string, Figures[]>(variants.map((v) => [v.name, []]));
  const scratch = mkdtempSync(join(tmpdir(), 'api-cpu-runs-'));
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 ? [...variants].reverse() : variants) {
      const out = join(scratch, `${r}-${v.name.replace(/\W/g, '_')}.json`);
      // Its standard output is the API's log: read and dropped here.
      const store = onPostgres ? ['--store-url', await storeCluster()!.createDatabase(`api_cpu_${r}_${variants.indexOf(v)}`)] : [];
      execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--root', v.root, '--lifecycles', String(lifecycles), '--out', out, ...store], { cwd: v.root, env: process.env, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
      const f = JSON.parse(readFileSync(out, 'utf8')) as Figures;
      figures.get(v.name)!.push(f);
      console.log(`round ${r + 1} ${v.name}: ${f.cpuMsPerLifecycle} ms per lifecycle ${JSON.stringify(f.perCall)}`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\nAPI CPU per lifecycle (ms; median of ${rounds} rounds of ${lifecycles} lifecycles, stand-in workflow excluded; store ${onPostgres ? 'PostgreSQL' : 'SQLite'}):`);
  for (const v of variants) {
    const fs = figures.get(v.name)!;
    const calls = Object.keys(fs[0]!.perCall);
    console.log(`  ${v.name}: ${median(fs.map((f) => f.cpuMsPerLifecycle))}  (${calls.map((k) => `${k} ${median(fs.map((f) => f.perCall[k]!))}`).join(', ')})`);
  }
}

await main();
