// Static checks of the production topology (docker-compose.yml, Dockerfile, .dockerignore,
// deploy/): no Docker engine is needed. The compose file is parsed the way `docker compose` reads
// it (YAML merge keys, then ${VAR} interpolation of the values) and checked against our code:
// the search attributes in workflows/definitions.ts, the env vars config.ts reads, the entry points,
// and the certificates deploy/tls/make-certs.sh really makes (it runs here, in a scratch folder).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

// ---- compose interpolation (the subset of the Compose spec we use) ----
type Env = Record<string, string | undefined>;

function interpolate(s: string, env: Env): string {
  return s.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (m === '$$') return '$';
      if (bare) return env[bare] ?? '';
      const v = env[name!];
      const unset = colon ? v === undefined || v === '' : v === undefined;
      switch (op) {
        case undefined: return v ?? '';
        case '-': return unset ? arg! : v!;
        case '+': return unset ? '' : arg!;
        case '?': if (unset) throw new Error(`required variable ${name} is missing: ${arg}`); return v!;
        default: throw new Error(`unsupported interpolation ${m}`);
      }
    });
}

function interpolateDeep(value: unknown, env: Env): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return value;
}

const composeText = read('docker-compose.yml');
const rawCompose = parse(composeText, { merge: true }) as Record<string, any>;
// The secrets are required (no default ships); everything else must work from its default.
const REQUIRED = { POSTGRES_PASSWORD: 'test-secret', STORE_DB_PASSWORD: 'store-secret', TRACKING_SECRET: 'tracking-secret', CODEC_SESSION_KEY: 'codec-key' };
const compose = interpolateDeep(rawCompose, REQUIRED) as Record<string, any>;
const services = compose.services as Record<string, Record<string, any>>;

// ---- accessors for the short and long forms of compose fields ----
function envOf(name: string): Record<string, string> {
  const e = services[name]?.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv: string) => {
      const i = kv.indexOf('=');
      return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

interface Port { hostIp?: string; published?: string; target: string }
function portsOf(name: string): Port[] {
  return (services[name]?.ports ?? []).map((p: unknown): Port => {
    if (typeof p === 'object' && p) {
      const o = p as Record<string, unknown>;
      return { hostIp: o.host_ip as string | undefined, published: o.published == null ? undefined : String(o.published), target: String(o.target) };
    }
    const parts = String(p).split('/')[0]!.split(':');
    const target = parts.pop()!;
    const published = parts.pop();
    return { hostIp: parts.length ? parts.join(':') : undefined, published, target };
  });
}

interface Mount { source?: string; target: string }
function mountsOf(name: string): Mount[] {
  return (services[name]?.volumes ?? []).map((v: unknown): Mount => {
    if (typeof v === 'object' && v) {
      const o = v as Record<string, unknown>;
      return { source: o.source as string | undefined, target: String(o.target) };
    }
    const parts = String(v).split(':');
    return parts.length === 1 ? { target: parts[0]! } : { source: parts[0], target: parts[1]! };
  });
}

function dependsOn(name: string): Record<string, string> {
  const d = services[name]?.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((s: string) => [s, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([s, v]) => [s, (v as { condition?: string })?.condition ?? 'service_started']));
}

const asList = (v: unknown): string[] => (v == null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const commandText = (name: string) => [...asList(services[name]?.entrypoint), ...asList(services[name]?.command)].join(' ');
const imageOf = (name: string): string => String(services[name]?.image ?? '');
const servicesWithImage = (prefix: string) => Object.keys(services).filter((s) => imageOf(s).startsWith(prefix));

function splitImage(image: string): { repo: string; tag?: string } {
  const at = image.indexOf('@');
  const ref = at < 0 ? image : image.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref };
}

const temporalGrpcPort = envOf('temporal').FRONTEND_GRPC_PORT || '7233';
const temporalAddress = `temporal:${temporalGrpcPort}`;
const adminToolsServices = servicesWithImage('temporalio/admin-tools');
const schemaService = adminToolsServices.find((s) => /temporal-sql-tool/.test(commandText(s)));
// The namespace job runs deploy/temporal/setup-namespace.sh, the script test:production runs too.
const namespaceService = adminToolsServices.find((s) => mountsOf(s).some((m) => m.source === './deploy/temporal/setup-namespace.sh'));
const namespaceScript = read('deploy/temporal/setup-namespace.sh');
const caddyfile = read('deploy/caddy/Caddyfile');

/** The Temporal server version our server's go.mod pins. */
const serverVersion = /go\.temporal\.io\/server v(\d+\.\d+\.\d+)/.exec(read('deploy/temporal/server/go.mod'))?.[1];

describe('docker-compose.yml: services', () => {
  it('has postgres, the schema job, the Temporal server, the namespace job, the UI, the worker and the API', () => {
    for (const s of ['postgres', 'temporal', 'temporal-ui', 'worker', 'api', 'caddy']) expect(services, s).toHaveProperty(s);
    expect(imageOf('postgres')).toMatch(/^postgres:/);
    // Our server (certificate roles), built from deploy/temporal/server, tagged with go.mod's version.
    expect(services.temporal!.build?.context ?? services.temporal!.build).toBe('./deploy/temporal/server');
    expect(existsSync(join(root, 'deploy/temporal/server/Dockerfile'))).toBe(true);
    expect(serverVersion).toBeTruthy();
    expect(splitImage(imageOf('temporal')).tag).toBe(serverVersion);
    expect(imageOf('temporal-ui')).toMatch(/^temporalio\/ui:/);
    expect(schemaService, 'an admin-tools service running temporal-sql-tool').toBeDefined();
    expect(namespaceService, 'an admin-tools service running deploy/temporal/setup-namespace.sh').toBeDefined();
    expect(commandText(namespaceService!)).toContain('/etc/temporal/setup-namespace.sh');
  });

  it('uses no auto-setup image anywhere', () => {
    expect(composeText).not.toMatch(/auto-setup/);
    expect(read('Dockerfile')).not.toMatch(/auto-setup/);
  });

  it('pins every image tag (no latest, no untagged image); admin-tools matches the server', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (!svc.image) {
        expect(svc.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      const { tag } = splitImage(String(svc.image));
      expect(tag, `${name}: ${svc.image}`).toBeTruthy();
      expect(tag, `${name}: ${svc.image}`).not.toBe('latest');
      expect(tag, `${name}: ${svc.image}`).toMatch(/\d/);
    }
    const serverTag = splitImage(imageOf('temporal')).tag;
    expect(adminToolsServices.length).toBeGreaterThan(0);
    // admin-tools tags carry the server version first, then its CLI versions: 1.29.1-tctl-1.18.4-cli-1.5.0.
    for (const s of adminToolsServices) expect(splitImage(imageOf(s)).tag!.split('-')[0], s).toBe(serverTag);
  });

  it('requires each password and secret instead of shipping a default', () => {
    for (const name of Object.keys(REQUIRED)) {
      const { [name as keyof typeof REQUIRED]: _left, ...rest } = REQUIRED;
      expect(() => interpolateDeep(rawCompose, rest), name).toThrow(new RegExp(name));
    }
  });
});

describe('docker-compose.yml: Temporal', () => {
  it('sets up both schemas on the postgres service with the same credentials the server uses', () => {
    const cmd = commandText(schemaService!);
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(cmd).toMatch(new RegExp(`--db ${db} create`));
      expect(cmd).toMatch(new RegExp(`--db ${db} setup-schema -v 0\\.0`));
      expect(cmd).toMatch(new RegExp(`--db ${db} update-schema -d \\S+/${db === 'temporal' ? 'temporal' : 'visibility'}/versioned`));
    }
    expect(cmd).toMatch(/--plugin postgres12 --ep postgres\b/);
    const server = envOf('temporal');
    const pg = envOf('postgres');
    expect(server.DB).toBe('postgres12');
    expect(server.POSTGRES_SEEDS).toBe('postgres');
    expect(server.POSTGRES_USER).toBe(pg.POSTGRES_USER);
    expect(server.POSTGRES_PWD).toBe(pg.POSTGRES_PASSWORD);
    expect(envOf(schemaService!).SQL_PASSWORD).toBe(pg.POSTGRES_PASSWORD);
    expect(cmd).toMatch(new RegExp(`-u ${pg.POSTGRES_USER}\\b`));
  });

  it('registers every search attribute in SEARCH_ATTRIBUTES with its type', () => {
    const registered: Record<string, string> = {};
    for (const m of namespaceScript.matchAll(/^sa\s+(\S+)\s+(\S+)\s*$/gm)) registered[m[1]!] = m[2]!;
    expect(registered).toEqual(SEARCH_ATTRIBUTES);
    expect(namespaceScript).toMatch(/search-attribute create --namespace "\$NS" --name "\$1" --type "\$2"/);
  });

  it('registers them on the namespace the apps use, after creating it if needed, over mutual TLS', () => {
    const env = envOf(namespaceService!);
    expect(env.TEMPORAL_ADDRESS).toBe(temporalAddress);
    expect(env.TEMPORAL_NAMESPACE).toBe(envOf('worker').TEMPORAL_NAMESPACE);
    expect(namespaceScript).toMatch(/retry t operator cluster health/);
    expect(namespaceScript).toMatch(/t operator namespace create --namespace "\$NS"/);
    expect(namespaceScript).toMatch(/--tls-cert-path "\$TLS_CERT"/);
    for (const k of ['TLS_CA', 'TLS_CERT', 'TLS_KEY']) expect(certFileOf(namespaceService!, env[k]!), k).toBeTruthy();
    expect(certFileOf(namespaceService!, env.TLS_CERT!)).toBe('admin/admin.pem');
  });

  it('fits the search attributes into the columns SQL visibility pre-allocates per type', () => {
    // PostgreSQL visibility schema: Keyword01-10; Bool, Datetime, Double, Int, Text, KeywordList 01-03.
    const limits: Record<string, number> = { Keyword: 10, Bool: 3, Datetime: 3, Double: 3, Int: 3, Text: 3, KeywordList: 3 };
    const counts: Record<string, number> = {};
    for (const type of Object.values(SEARCH_ATTRIBUTES)) counts[type] = (counts[type] ?? 0) + 1;
    for (const [type, n] of Object.entries(counts)) expect(n, type).toBeLessThanOrEqual(limits[type] ?? 0);
  });

  it('loads an existing dynamic config file', () => {
    const path = envOf('temporal').DYNAMIC_CONFIG_FILE_PATH;
    expect(path).toMatch(/^\//);
    const mount = mountsOf('temporal').find((m) => m.source && path!.startsWith(`${m.target}/`));
    expect(mount, 'a bind mount holding DYNAMIC_CONFIG_FILE_PATH').toBeDefined();
    const hostFile = join(root, mount!.source!, posix.relative(mount!.target, path!));
    expect(existsSync(hostFile), hostFile).toBe(true);
    const dc = parse(readFileSync(hostFile, 'utf8')) as Record<string, unknown>;
    for (const [key, entries] of Object.entries(dc)) {
      expect(Array.isArray(entries), key).toBe(true);
      for (const e of entries as unknown[]) expect(e, key).toHaveProperty('value');
    }
  });

  it('points the UI at the Temporal frontend and publishes it where TEMPORAL_UI_URL says', () => {
    const ui = envOf('temporal-ui');
    expect(ui.TEMPORAL_ADDRESS).toBe(temporalAddress);
    expect(ui.TEMPORAL_DEFAULT_NAMESPACE).toBe(envOf('worker').TEMPORAL_NAMESPACE);
    const [port] = portsOf('temporal-ui');
    expect(port?.target).toBe(ui.TEMPORAL_UI_PORT || '8080');
    expect(port?.hostIp).toBe('127.0.0.1');
    expect(new URL(envOf('api').TEMPORAL_UI_URL!).port).toBe(port?.published);
  });

  it('runs the UI read-only, with its own client certificate, showing payloads through our codec server', () => {
    const ui = envOf('temporal-ui');
    expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    for (const k of ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY']) expect(certFileOf('temporal-ui', ui[k]!), k).toBeTruthy();
    expect(certFileOf('temporal-ui', ui.TEMPORAL_TLS_CERT!)).toBe('ui/ui.pem');
    expect(ui.TEMPORAL_TLS_SERVER_NAME).toBe('temporal');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe(`${envOf('api').PUBLIC_URL}/codec`);
    // The browser sends the codec session's cookie to the API only with this on.
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
  });

  it('runs our server with the certificate roles, for the namespace and task queue the apps use', () => {
    expect(commandText('temporal')).not.toMatch(/allow-no-auth/);
    const env = envOf('temporal');
    expect(env.AUTHZ_NAMESPACES).toBe(envOf('worker').TEMPORAL_NAMESPACE);
    expect(env.AUTHZ_TASK_QUEUES).toBe(envOf('worker').TASK_QUEUE);
    // The image runs our binary, whose main installs the authorizer and the claim mapper.
    const dockerfile = read('deploy/temporal/server/Dockerfile');
    expect(dockerfile).toMatch(/go build/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["temporal-server"\]/);
    expect(read('deploy/temporal/server/main.go')).toMatch(/temporal\.WithAuthorizer\(/);
    expect(read('deploy/temporal/server/main.go')).toMatch(/temporal\.WithClaimMapper\(/);
  });

  it('runs the server on deploy/temporal/config/production.yaml, the file test:production runs, with mutual TLS', () => {
    expect(commandText('temporal')).toMatch(/--config config --env production\b/);
    const mount = mountsOf('temporal').find((m) => m.target === '/etc/temporal/config/production.yaml');
    expect(mount?.source).toBe('./deploy/temporal/config/production.yaml');
    const config = read('deploy/temporal/config/production.yaml');
    expect(config.split('\n')[0]).toBe('# enable-template');
    expect(config).toMatch(/requireClientAuth: true/);
    expect(config).toMatch(/visibilityStore: postgres-visibility/);
    // Every environment variable the template reads without a default is set on the service.
    const env = envOf('temporal');
    for (const m of config.matchAll(/\{\{[^}]*?\(env "(\w+)"\)[^}]*\}\}|\{\{\s*env "(\w+)"/g)) {
      const name = m[1] ?? m[2]!;
      const hasDefault = new RegExp(`default "[^"]*" \\(env "${name}"\\)`).test(config);
      if (!hasDefault) expect(env[name], name).toBeTruthy();
    }
    // The certificates it names are the ones make-certs.sh issues, in the server's own folder.
    const tlsMount = mountsOf('temporal').find((m) => m.target === env.TEMPORAL_TLS_DIR);
    expect(tlsMount?.source).toBe('./deploy/tls/certs/temporal');
    for (const m of config.matchAll(/\{\{ \$tls \}\}\/([\w-]+\.pem)/g)) expect(issued.temporal, m[1]).toContain(m[1]!);
  });
});

// ---- deploy/tls/make-certs.sh, run for real in a scratch folder ----
const certsDir = mkdtempSync(join(tmpdir(), 'escalate-certs-'));
execFileSync('sh', [join(root, 'deploy/tls/make-certs.sh'), certsDir], { stdio: 'ignore' });
afterAll(() => rmSync(certsDir, { recursive: true, force: true }));
/** What it made: folder -> files. */
const issued: Record<string, string[]> = Object.fromEntries(readdirSync(certsDir).map((d) => [d, readdirSync(join(certsDir, d)).sort()]));
const modeOf = (p: string) => statSync(join(certsDir, p)).mode & 0o777;

/** The certificate file a service's path points to (`folder/file`), if a mount of deploy/tls/certs/<folder> holds it. */
function certFileOf(service: string, path: string): string | null {
  const mount = mountsOf(service).find((m) => m.source?.startsWith('./deploy/tls/certs/') && path.startsWith(`${m.target}/`));
  if (!mount) return null;
  const folder = posix.relative('./deploy/tls/certs', mount.source!);
  const file = posix.relative(mount.target, path);
  return issued[folder]?.includes(file) ? `${folder}/${file}` : null;
}

describe('deploy/tls/make-certs.sh: each service gets its own key, nobody the CA\'s', () => {
  const serviceFolders = ['temporal', 'worker', 'api', 'ui', 'admin'];

  it('makes one folder per service (0700) and the CA\'s apart; every private key 0600, certificates 0644', () => {
    expect(Object.keys(issued).sort()).toEqual(['ca', ...serviceFolders].sort());
    expect(modeOf('.')).toBe(0o700);
    for (const [folder, files] of Object.entries(issued)) {
      expect(modeOf(folder), folder).toBe(0o700);
      for (const f of files) expect(modeOf(`${folder}/${f}`), `${folder}/${f}`).toBe(f.endsWith('-key.pem') ? 0o600 : 0o644);
    }
    expect(issued.ca).toEqual(['ca-key.pem', 'ca.pem']);
    // Each service folder: the CA certificate, and its own certificates with their keys, nothing else.
    expect(issued.temporal).toEqual(['ca.pem', 'frontend-key.pem', 'frontend.pem', 'internal-key.pem', 'internal.pem']);
    for (const s of ['worker', 'api', 'ui', 'admin']) expect(issued[s], s).toEqual([`${s}-key.pem`, `${s}.pem`, 'ca.pem'].sort());
  });

  it('gives each certificate a common name that is a role on our server (deploy/temporal/server/authz.go)', () => {
    const roles = Object.fromEntries(/"AUTHZ_CERT_ROLES", "([^"]+)"/.exec(read('deploy/temporal/server/authz.go'))![1]!.split(',').map((kv) => kv.split('=') as [string, string]));
    const cn = (file: string) => /CN\s*=\s*([^,\n]+)/.exec(execFileSync('openssl', ['x509', '-noout', '-subject', '-in', join(certsDir, file)], { encoding: 'utf8' }))![1]!.trim();
    expect(roles[cn('ui/ui.pem')]).toBe('reader');
    expect(roles[cn('worker/worker.pem')]).toBe('worker');
    expect(roles[cn('api/api.pem')]).toBe('api');
    expect(roles[cn('admin/admin.pem')]).toBe('admin');
    expect(roles[cn('temporal/internal.pem')]).toBe('system');
    for (const file of ['ui/ui.pem', 'worker/worker.pem', 'temporal/frontend.pem']) {
      expect(execFileSync('openssl', ['verify', '-CAfile', join(certsDir, 'ca/ca.pem'), join(certsDir, file)], { encoding: 'utf8' })).toMatch(/OK/);
    }
  });

  it('hands each service\'s folder to the user its container runs as (uid 1000) when run as root', () => {
    if (process.getuid?.() !== 0) {
      // Not root: nothing can be handed over; the files stay the caller's.
      for (const s of serviceFolders) expect(statSync(join(certsDir, s)).uid, s).toBe(process.getuid?.());
      return;
    }
    for (const s of serviceFolders) {
      expect(statSync(join(certsDir, s)).uid, s).toBe(1000);
      for (const f of issued[s]!) expect(statSync(join(certsDir, s, f)).uid, `${s}/${f}`).toBe(1000);
    }
    expect(statSync(join(certsDir, 'ca', 'ca-key.pem')).uid).toBe(0); // the operator's
    // The images run as uid 1000: node's `node`, our server's `temporal`, Temporal UI's and admin-tools' `temporal`.
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
    expect(read('deploy/temporal/server/Dockerfile')).toMatch(/useradd --uid 1000/);
    expect(read('deploy/temporal/server/Dockerfile')).toMatch(/^USER temporal$/m);
  });

  it('compose mounts each service\'s own folder only: never the CA\'s, never the whole folder', () => {
    const own: Record<string, string> = { temporal: 'temporal', [namespaceService!]: 'admin', 'temporal-ui': 'ui', worker: 'worker', api: 'api' };
    for (const name of Object.keys(services)) {
      // Any mount that holds certificates: deploy/tls or a folder above it.
      const tls = mountsOf(name).filter((m) => m.source && ['.', './', './deploy', './deploy/'].includes(m.source) || m.source?.startsWith('./deploy/tls'));
      const sources = tls.map((m) => m.source);
      if (!(name in own)) {
        expect(sources, name).toEqual([]);
        continue;
      }
      expect(sources, name).toEqual([`./deploy/tls/certs/${own[name]}`]);
    }
    // Nobody else holds a service's key: the worker's key is in the worker's folder only.
    const keyHolders = Object.entries(issued).filter(([, files]) => files.includes('worker-key.pem')).map(([f]) => f);
    expect(keyHolders).toEqual(['worker']);
    expect(Object.entries(issued).filter(([, files]) => files.includes('ca-key.pem')).map(([f]) => f)).toEqual(['ca']);
    const everyMount = Object.keys(services).flatMap((name) => mountsOf(name).map((m) => m.source ?? ''));
    expect(everyMount.filter((src) => src === './deploy/tls/certs' || src.startsWith('./deploy/tls/certs/ca'))).toEqual([]);
  });
});

describe('docker-compose.yml: worker and API', () => {
  it('connect both to the Temporal frontend with the same namespace and task queue', () => {
    const w = envOf('worker');
    const a = envOf('api');
    for (const env of [w, a]) {
      expect(env.TEMPORAL_ADDRESS).toBe(temporalAddress);
      expect(env.NODE_ENV).toBe('production');
    }
    expect(w.TEMPORAL_NAMESPACE).toBeTruthy();
    expect(a.TEMPORAL_NAMESPACE).toBe(w.TEMPORAL_NAMESPACE);
    expect(w.TASK_QUEUE).toBeTruthy();
    expect(a.TASK_QUEUE).toBe(w.TASK_QUEUE);
  });

  it('share no file: the store is the escalate database on the postgres service, made by store-db with credentials given as Temporal\'s are', () => {
    const w = envOf('worker');
    const a = envOf('api');
    const url = new URL(w.STORE_URL);
    expect(a.STORE_URL).toBe(w.STORE_URL);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.pathname).toBe('/escalate');
    expect(url.password).toBe(REQUIRED.STORE_DB_PASSWORD);
    const wm = mountsOf('worker').find((m) => m.target === w.DATA_DIR);
    const am = mountsOf('api').find((m) => m.target === a.DATA_DIR);
    expect(wm?.source).toBeTruthy();
    expect(am?.source).toBeTruthy();
    expect(am?.source).not.toBe(wm?.source);
    const job = envOf('store-db');
    expect(job.PGHOST).toBe('postgres');
    expect(job.PGUSER).toBe(envOf('postgres').POSTGRES_USER);
    expect(job.PGPASSWORD).toBe(envOf('postgres').POSTGRES_PASSWORD);
    expect(job.STORE_DB_PASSWORD).toBe(url.password);
    expect(compose.services.worker.depends_on['store-db'].condition).toBe('service_completed_successfully');
    expect(compose.services.api.depends_on['store-db'].condition).toBe('service_completed_successfully');
  });

  it('never publish the API over plain HTTP: Caddy terminates HTTPS and proxies to API_PORT', () => {
    const a = envOf('api');
    expect(a.API_PORT).toMatch(/^\d+$/);
    expect(portsOf('api')).toEqual([]);
    expect(asList(services.api!.expose)).toContain(a.API_PORT);
    expect(caddyfile).toMatch(new RegExp(`reverse_proxy api:${a.API_PORT}\\b`));
    expect(new URL(a.PUBLIC_URL!).protocol).toBe('https:');
    expect(a.TRUST_PROXY).toBeTruthy();
    const published = portsOf('caddy').map((p) => p.target).sort();
    expect(published).toEqual(['443', '80']);
    expect(mountsOf('caddy').find((m) => m.target === '/etc/caddy/Caddyfile')?.source).toBe('./deploy/caddy/Caddyfile');
    expect(dependsOn('caddy')).toMatchObject({ api: 'service_healthy' });
  });

  it('serve their metrics on ports of their own inside the network, published nowhere, and Prometheus scrapes both', () => {
    const scrape = read('deploy/prometheus/prometheus.yml');
    for (const name of ['api', 'worker']) {
      const e = envOf(name);
      expect(e.METRICS_PORT, name).toMatch(/^\d+$/);
      expect(e.METRICS_PORT, name).not.toBe(envOf('api').API_PORT);
      expect(asList(services[name]!.expose), name).toContain(e.METRICS_PORT);
      expect(portsOf(name), name).toEqual([]);
      expect(scrape).toContain(`${name}:${e.METRICS_PORT}`);
    }
    // Caddy forwards the API's port and nothing else.
    expect(caddyfile).not.toContain(envOf('api').METRICS_PORT);
  });

  it('reach Temporal with their own client certificates and read the payload keys from a secret', () => {
    for (const s of ['worker', 'api']) {
      const env = envOf(s);
      expect(certFileOf(s, env.TEMPORAL_TLS_CA!), `${s} CA`).toBe(`${s}/ca.pem`);
      expect(certFileOf(s, env.TEMPORAL_TLS_CERT!), `${s} cert`).toBe(`${s}/${s}.pem`);
      expect(certFileOf(s, env.TEMPORAL_TLS_KEY!), `${s} key`).toBe(`${s}/${s}-key.pem`);
      expect(env.PAYLOAD_KEYS_FILE).toBe('/run/secrets/payload_keys');
      expect(asList(services[s]!.secrets)).toContain('payload_keys');
    }
    expect(compose.secrets?.payload_keys?.file).toBeTruthy();
    expect(read('.gitignore')).toMatch(/deploy\/keys\/\*\.json/);
  });

  it('run the worker and the API from the same image', () => {
    expect(imageOf('worker')).toBeTruthy();
    expect(imageOf('api')).toBe(imageOf('worker'));
    expect(services.worker!.build).toBeDefined();
  });
});

describe('docker-compose.yml: health checks and start order', () => {
  it('health-checks postgres, temporal and the API (/readyz on API_PORT)', () => {
    expect(asList(services.postgres!.healthcheck?.test).join(' ')).toMatch(/pg_isready/);
    expect(asList(services.temporal!.healthcheck?.test).join(' ')).toContain(temporalGrpcPort);
    const apiCheck = asList(services.api!.healthcheck?.test).join(' ');
    expect(apiCheck).toContain('/readyz');
    expect(apiCheck.includes(`:${envOf('api').API_PORT}/`) || apiCheck.includes('process.env.API_PORT')).toBe(true);
  });

  it('waits for each dependency in the right state', () => {
    expect(dependsOn(schemaService!)).toMatchObject({ postgres: 'service_healthy' });
    expect(dependsOn('temporal')).toMatchObject({ [schemaService!]: 'service_completed_successfully' });
    expect(dependsOn(namespaceService!)).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('temporal-ui')).toMatchObject({ temporal: 'service_healthy' });
    for (const s of ['worker', 'api']) expect(dependsOn(s)).toMatchObject({ [namespaceService!]: 'service_completed_successfully' });
  });

  it('keeps PostgreSQL data in a named volume', () => {
    const m = mountsOf('postgres').find((v) => v.target === '/var/lib/postgresql/data');
    expect(m?.source).toBeTruthy();
    expect(compose.volumes).toHaveProperty(m!.source!);
  });
});

// ---- Dockerfile ----
const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
const instructions = dockerfile.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const args = Object.fromEntries(instructions.filter((l) => /^ARG \w+=/.test(l)).map((l) => l.slice(4).split('=', 2) as [string, string]));
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

function cmdFiles(cmd: string[]): string[] {
  return cmd.filter((a) => /\.(ts|js|mjs)$/.test(a));
}

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM ')).map((l) => interpolate(l.split(/\s+/)[1]!, args));
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f === 'node:20-bookworm-slim' || /^(deps|build)$/.test(f), f).toBe(true);
  });

  it('installs production dependencies only, which include tsx and @temporalio/worker', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(pkg.dependencies).toHaveProperty('tsx');
    expect(pkg.dependencies).toHaveProperty('@temporalio/worker');
  });

  it('builds the workflow bundle where WORKFLOW_BUNDLE points', () => {
    expect(pkg.scripts['build:workflows']).toBeTruthy();
    expect(dockerfile).toMatch(/npm run build:workflows/);
    const bundle = /WORKFLOW_BUNDLE=(\S+)/.exec(dockerfile)?.[1];
    expect(bundle).toBe('/app/dist/workflow-bundle.js');
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist\/workflow-bundle\.js \.\/dist\/workflow-bundle\.js/);
    expect(instructions.filter((l) => l.startsWith('WORKDIR ')).every((l) => l === 'WORKDIR /app')).toBe(true);
  });

  it('runs as an unprivileged user with DATA_DIR owned by it', () => {
    expect(instructions).toContain('USER node');
    expect(dockerfile).toMatch(/chown node:node \/data/);
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
  });
});

describe('entry points', () => {
  const dockerCmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
  const composeCmds = { worker: asList(services.worker!.command), api: asList(services.api!.command) };

  it('run the TypeScript entry points through tsx', () => {
    for (const cmd of [dockerCmd, composeCmds.worker, composeCmds.api]) expect(cmd.join(' ')).toMatch(/\btsx\b/);
    expect(cmdFiles(composeCmds.worker)).toEqual(['worker.ts']);
    expect(cmdFiles(composeCmds.api)).toEqual(['api/main.ts']);
    expect(cmdFiles(dockerCmd)).toEqual(['api/main.ts']);
  });

  it('exist in the repository and are not excluded from the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const f of ['worker.ts', 'api/main.ts', 'package.json', 'package-lock.json', 'workflows', 'db/migrations']) {
      expect(ignored.some((p) => f === p || f.startsWith(`${p}/`)), `${f} is in .dockerignore`).toBe(false);
    }
    for (const p of ['node_modules', '.git', 'data', 'dist']) expect(ignored, p).toContain(p);
    for (const f of new Set([...cmdFiles(dockerCmd), ...cmdFiles(composeCmds.worker), ...cmdFiles(composeCmds.api)])) {
      expect(existsSync(join(root, f)), `${f} exists`).toBe(true);
    }
  });
});
