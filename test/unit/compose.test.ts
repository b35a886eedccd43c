/**
 * The production packaging: docker-compose.yml, the env file it reads (deploy/.env.example), the Temporal setup
 * scripts and the Dockerfile. Nothing here starts a container (the test machines have no Docker daemon): the files
 * are parsed and checked for what an operator relies on — every service the application needs, wired by the env
 * file, pinned images, health checks, restart policies, start order, and no secret in a committed file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadEnv } from '../../config/env';
import { SEARCH_ATTRIBUTES } from '../../infra/temporal';
import { TEMPORAL_SERVER_VERSION } from '../../infra/temporalServer';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Healthcheck {
  test: string | string[];
}
interface DependsOn {
  condition?: string;
}
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  restart?: string;
  env_file?: string | string[] | { path: string }[];
  environment?: Record<string, string | number | null> | string[];
  depends_on?: Record<string, DependsOn> | string[];
  healthcheck?: Healthcheck;
  volumes?: string[];
  ports?: string[];
  expose?: string[];
}

const composeText = read('docker-compose.yml');
/** The file without its comments (which may well name the things that must not be used). */
const composeCode = composeText
  .split('\n')
  .filter((line) => !/^\s*#/.test(line))
  .join('\n');
const compose = parse(composeText) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;

/** KEY=VALUE lines of an env file (comments and blank lines skipped). */
function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}
const envExample = parseEnvFile(read('deploy/.env.example'));

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
function envFilesOf(service: Service): string[] {
  const files = service.env_file === undefined ? [] : Array.isArray(service.env_file) ? service.env_file : [service.env_file];
  return files.map((f) => (typeof f === 'string' ? f : f.path));
}
/** What a service's process sees: the env file (deploy/.env.example stands for .env) overridden by `environment`. */
function effectiveEnv(service: Service): Record<string, string> {
  const fromFile = envFilesOf(service).includes('.env') ? envExample : {};
  return { ...fromFile, ...environmentOf(service) };
}
const dependsOn = (service: Service) => (service.depends_on ?? {}) as Record<string, DependsOn>;
const healthTest = (service: Service) => {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
};
/** The repository file a service mounts at `target` (a bind mount of ./something). */
function mountedFile(service: Service, target: string): string {
  const volume = (service.volumes ?? []).find((v) => v.split(':')[1] === target);
  if (!volume) throw new Error(`no volume mounted at ${target}`);
  return read(volume.split(':')[0]);
}

const LONG_RUNNING = ['postgresql', 'temporal', 'temporal-ui', 'worker', 'api', 'proxy', 'prometheus', 'grafana'];
const ONE_SHOT = ['temporal-schema', 'temporal-namespace'];

describe('docker-compose.yml has every service the application needs', () => {
  it('defines PostgreSQL, the Temporal schema setup, Temporal, its namespace setup, the Web UI, the worker, the API, the proxy and the monitoring', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'postgresql', 'proxy', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker', 'prometheus', 'grafana'].sort(),
    );
  });

  it('runs PostgreSQL 16 with its data on a named volume', () => {
    expect(services.postgresql.image).toMatch(/^postgres:16(\.\d+)?(-[a-z]+)?$/);
    expect(services.postgresql.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['pgdata', 'uploads']));
  });

  it('pins every image to a version (no :latest, no missing tag)', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d[\w.-]*$/) });
      expect(service.image).not.toMatch(/:latest$/);
    }
  });

  it('builds the worker and the API from the Dockerfile and runs npm run worker / npm run api', () => {
    expect(services.worker.build).toBe('.');
    expect(services.api.build).toBe('.');
    expect(services.worker.command).toEqual(['npm', 'run', 'worker']);
    expect(services.api.command).toEqual(['npm', 'run', 'api']);
  });
});

describe('health checks and restart policies', () => {
  it('gives every long-running service a health check that tests the real thing', () => {
    expect(healthTest(services.postgresql)).toContain('pg_isready');
    expect(healthTest(services.temporal)).toContain('temporal operator cluster health --address temporal:7233');
    expect(healthTest(services['temporal-ui'])).toContain('http://127.0.0.1:8080/');
    expect(healthTest(services.worker)).toContain('deploy/worker-healthcheck.cjs');
    expect(healthTest(services.api)).toContain('/api/health');
    expect(healthTest(services.proxy)).toContain('http://127.0.0.1:2019/config/');
    expect(healthTest(services.prometheus)).toContain('http://127.0.0.1:9090/-/ready');
    expect(healthTest(services.grafana)).toContain('http://127.0.0.1:3000/api/health');
    expect(fs.existsSync(path.join(root, 'deploy/worker-healthcheck.cjs'))).toBe(true);
  });

  it('restarts long-running services and runs the setup services once', () => {
    for (const name of LONG_RUNNING) expect({ name, restart: services[name].restart }).toEqual({ name, restart: 'unless-stopped' });
    for (const name of ONE_SHOT) expect({ name, restart: services[name].restart }).toEqual({ name, restart: 'no' });
  });

  it('states a condition on every dependency', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(Array.isArray(service.depends_on)).toBe(false);
      for (const [dependency, spec] of Object.entries(dependsOn(service))) {
        expect({ name, dependency, condition: spec.condition }).toEqual({
          name,
          dependency,
          condition: expect.stringMatching(/^service_(healthy|completed_successfully|started)$/),
        });
      }
    }
  });

  it('starts in order: PostgreSQL healthy → schema set up → Temporal healthy → namespace created → worker and API', () => {
    expect(dependsOn(services['temporal-schema'])).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(dependsOn(services.temporal)['temporal-schema']).toEqual({ condition: 'service_completed_successfully' });
    expect(dependsOn(services['temporal-namespace'])).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(dependsOn(services['temporal-ui']).temporal).toEqual({ condition: 'service_healthy' });
    for (const name of ['worker', 'api']) {
      expect(dependsOn(services[name])).toMatchObject({
        postgresql: { condition: 'service_healthy' },
        temporal: { condition: 'service_healthy' },
        'temporal-namespace': { condition: 'service_completed_successfully' },
      });
    }
  });
});

describe('Temporal on PostgreSQL, set up with the admin-tools image', () => {
  it('never uses the deprecated temporalio/auto-setup image', () => {
    expect(composeCode).not.toMatch(/auto-setup/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-namespace'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:\d/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:\d/);
  });

  it('uses an admin-tools image of the same Temporal version as the server, the version built and tested here', () => {
    expect(services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(services['temporal-namespace'].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    // .ci/run starts the same build early, in the background.
    expect(read('.ci/run')).toContain(`TEMPORAL_SERVER_VERSION=${TEMPORAL_SERVER_VERSION}`);
  });

  it('creates the temporal and temporal_visibility databases and applies their schemas with temporal-sql-tool', () => {
    const script = mountedFile(services['temporal-schema'], '/deploy/setup-schema.sh');
    expect(services['temporal-schema'].entrypoint).toEqual(['/bin/sh', '/deploy/setup-schema.sh']);
    expect(script).toContain('temporal-sql-tool --plugin postgres12');
    expect(script).toContain('"temporal:temporal" "temporal_visibility:visibility"');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d "$SCHEMA_ROOT/$schema/versioned"']) expect(script).toContain(step);
    expect(script).toContain(': "${SCHEMA_ROOT:=/etc/temporal/schema/postgresql/v12}"');
  });

  it('runs the server from deploy/temporal/config/temporal.yaml on postgres12 persistence against the compose PostgreSQL', () => {
    expect(environmentOf(services.temporal)).toMatchObject({
      TEMPORAL_SERVER_CONFIG_FILE_PATH: '/etc/temporal/config/temporal.yaml',
      POSTGRES_SEEDS: 'postgresql',
      DB_PORT: '5432',
      DBNAME: 'temporal',
      VISIBILITY_DBNAME: 'temporal_visibility',
      DYNAMIC_CONFIG_FILE_PATH: '/etc/temporal/config/dynamicconfig/production.yaml',
    });
    const config = mountedFile(services.temporal, '/etc/temporal/config/temporal.yaml');
    // The server renders the file as a template only when it says so in its first 1 KB.
    expect(config.slice(0, 1024)).toContain('# enable-template');
    expect(config.match(/pluginName: postgres12/g)).toHaveLength(2);
    expect(config).toMatch(/^ {2}numHistoryShards: \d+$/m);
    const dynamicConfig = parse(read('deploy/temporal/dynamicconfig/production.yaml')) as Record<string, { value: unknown }[]>;
    expect(dynamicConfig['frontend.enableUpdateWorkflowExecution']).toEqual([{ value: true }]);
  });

  it('creates the namespace with the search attributes of deploy/temporal/search-attributes (the development server reads the same list)', () => {
    const script = mountedFile(services['temporal-namespace'], '/deploy/create-namespace.sh');
    expect(SEARCH_ATTRIBUTES).toMatchObject({ Year: 'Int', ProvinceCode: 'Keyword' });
    // The script reads the list mounted next to it.
    expect(mountedFile(services['temporal-namespace'], '/deploy/search-attributes')).toBe(read('deploy/temporal/search-attributes'));
    expect(script).toContain('SEARCH_ATTRIBUTES_FILE:=$(dirname "$0")/search-attributes');
    expect(script).toContain('operator namespace create --namespace "$TEMPORAL_NAMESPACE"');
    expect(script).toContain('operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"');
    expect(environmentOf(services['temporal-namespace']).TEMPORAL_NAMESPACE).toBe('${TEMPORAL_NAMESPACE:-default}');
  });
});

describe('the worker and the API are configured from the env file', () => {
  it('reads .env (documented by deploy/.env.example) in both', () => {
    expect(envFilesOf(services.worker)).toEqual(['.env']);
    expect(envFilesOf(services.api)).toEqual(['.env']);
  });

  it('points DATABASE_URL at the postgresql service and TEMPORAL_ADDRESS at the temporal service', () => {
    for (const name of ['worker', 'api']) {
      const env = effectiveEnv(services[name]);
      const db = new URL(env.DATABASE_URL);
      expect({ name, host: db.hostname, port: db.port, database: db.pathname }).toEqual({ name, host: 'postgresql', port: '5432', database: `/${envExample.APP_DB_NAME}` });
      expect(decodeURIComponent(db.username)).toBe(envExample.APP_DB_USER);
      expect(decodeURIComponent(db.password)).toBe(envExample.APP_DB_PASSWORD);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.NODE_ENV).toBe('production');
      expect(env.CAPTCHA).toBe('on');
    }
  });

  it('documents every variable config/env.ts reads, and the example passes its validation', () => {
    // The schema is not exported: read its keys from the source text.
    const source = read('config/env.ts');
    const body = source.slice(source.indexOf('z\n  .object({'), source.indexOf('.superRefine('));
    const keys = [...body.matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'NODE_ENV', 'UPLOAD_DIR', 'TRUST_PROXY']));
    expect(keys.filter((k) => !(k in envExample))).toEqual([]);

    const env = loadEnv(envExample);
    expect(env).toMatchObject({ NODE_ENV: 'production', CAPTCHA: 'on', TEMPORAL_ADDRESS: 'temporal:7233', UPLOAD_DIR: '/data/uploads' });
  });

  it('keeps uploads on the shared volume at UPLOAD_DIR', () => {
    for (const name of ['worker', 'api']) expect(services[name].volumes).toContain(`uploads:${envExample.UPLOAD_DIR}`);
  });

  it('publishes only the TLS proxy and, on localhost only, the Temporal Web UI and Grafana; the API and Prometheus are internal', () => {
    expect(services.proxy.ports).toEqual(['${HTTP_PORT:-80}:80', '${HTTPS_PORT:-443}:443']);
    expect(services['temporal-ui'].ports).toEqual(['127.0.0.1:8080:8080']);
    expect(services.grafana.ports).toEqual(['127.0.0.1:3001:3000']);
    for (const name of ['postgresql', 'temporal', 'worker', 'api', 'prometheus', ...ONE_SHOT]) expect({ name, ports: services[name].ports }).toEqual({ name, ports: undefined });
    expect(services.api.expose).toEqual(['${PORT:-3000}']);
    expect(dependsOn(services.proxy)).toEqual({ api: { condition: 'service_healthy' } });
  });
});

describe('monitoring (issue 13.6): Prometheus with the alert rules, Grafana with the dashboard', () => {
  const prometheusConfig = parse(mountedFile(services.prometheus, '/etc/prometheus/prometheus.yml')) as {
    rule_files: string[];
    scrape_configs: { job_name: string; metrics_path?: string; authorization?: { type: string; credentials_file: string }; static_configs: { targets: string[] }[] }[];
  };
  const job = (name: string) => prometheusConfig.scrape_configs.find((c) => c.job_name === name);

  it('scrapes the API on the internal network with the METRICS_TOKEN bearer token the API checks', () => {
    const api = job('factory5g-api')!;
    expect(api.static_configs[0]!.targets).toEqual([`api:${envExample.PORT}`]);
    expect(api.metrics_path).toBe('/metrics');
    expect(api.authorization).toEqual({ type: 'Bearer', credentials_file: '/tmp/metrics-token' });
    // The entrypoint writes the token the API reads from .env into that file.
    expect(environmentOf(services.prometheus).METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/);
    expect((services.prometheus.entrypoint as string[]).join(' ')).toContain('"$$METRICS_TOKEN" > /tmp/metrics-token');
    expect(envFilesOf(services.api)).toContain('.env');
    expect(envExample.METRICS_TOKEN!.length).toBeGreaterThanOrEqual(16);
  });

  it("scrapes the Temporal server's own metrics at the PROMETHEUS_ENDPOINT its configuration listens on", () => {
    const [host, port] = environmentOf(services.temporal).PROMETHEUS_ENDPOINT!.split(':');
    expect(host).toBe('0.0.0.0');
    expect(job('temporal')!.static_configs[0]!.targets).toEqual([`temporal:${port}`]);
    expect(read('deploy/temporal/config/temporal.yaml')).toContain('env "PROMETHEUS_ENDPOINT"');
  });

  it('loads the alert rules file it mounts', () => {
    expect(prometheusConfig.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(mountedFile(services.prometheus, '/etc/prometheus/alerts.yml')).toBe(read('deploy/prometheus/alerts.yml'));
  });

  it('provisions Grafana with that Prometheus and the dashboard files it mounts', () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
    expect(datasources.datasources).toEqual([expect.objectContaining({ uid: 'prometheus', url: 'http://prometheus:9090' })]);
    const providers = parse(read('deploy/grafana/provisioning/dashboards/factory5g.yml')) as { providers: { options: { path: string } }[] };
    const dashboardsAt = providers.providers[0]!.options.path;
    expect(services.grafana.volumes).toEqual(
      expect.arrayContaining(['./deploy/grafana/provisioning:/etc/grafana/provisioning:ro', `./deploy/grafana/dashboards:${dashboardsAt}:ro`]),
    );
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/factory5g.json')) as { panels: { datasource?: { uid: string } }[] };
    for (const panel of dashboard.panels) if (panel.datasource) expect(panel.datasource.uid).toBe('prometheus');
    expect(environmentOf(services.grafana).GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
    expect(dependsOn(services.grafana)).toEqual({ prometheus: { condition: 'service_healthy' } });
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['prometheus-data', 'grafana-data']));
  });
});

describe('the reverse proxy (deploy/proxy/Caddyfile, issue 14.8)', () => {
  const caddyfile = mountedFile(services.proxy, '/etc/caddy/Caddyfile');
  /** The Caddyfile without comments. */
  const code = caddyfile
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');

  it('runs a pinned Caddy with its certificates on a named volume', () => {
    expect(services.proxy.image).toMatch(/^caddy:2\.\d+\.\d+-alpine$/);
    expect(services.proxy.volumes).toContain('caddy-data:/data');
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['caddy-data', 'caddy-config']));
  });

  it('serves the site named in the env file over HTTPS and forwards to the API on the internal network', () => {
    expect(code).toMatch(/^\{\$SITE_ADDRESS:localhost\} \{$/m);
    expect(environmentOf(services.proxy).SITE_ADDRESS).toBe('${SITE_ADDRESS:-localhost}');
    expect(envExample.SITE_ADDRESS).toBeTruthy();
    // API_UPSTREAM is unset in compose (the service name api:3000); set only to run the same file outside Docker.
    expect(code).toMatch(/^\s*reverse_proxy \{\$API_UPSTREAM:api:3000\} \{$/m);
    expect(environmentOf(services.proxy).API_UPSTREAM).toBeUndefined();
    expect(code).not.toMatch(/auto_https off|^\s*http:\/\//m);
    expect(code).toMatch(/Strict-Transport-Security/);
  });

  it('answers 404 for /metrics and the OpenAPI document, before anything is forwarded', () => {
    const internal = /^\s*@internal path (.+)$/m.exec(code)?.[1]?.split(/\s+/) ?? [];
    expect(internal).toEqual(expect.arrayContaining(['/metrics', '/metrics/*', '/api/openapi.json']));
    expect(code).toMatch(/^\s*respond @internal 404$/m);
    expect(code.indexOf('respond @internal 404')).toBeLessThan(code.indexOf('reverse_proxy'));
  });

  it('makes the client address the one the API sees: one trusted proxy, no client-supplied X-Forwarded-For trusted', () => {
    expect(envExample.TRUST_PROXY).toBe('1');
    expect(code).not.toMatch(/trusted_proxies/);
  });
});

describe('no secret is written in a committed file', () => {
  const SECRET_NAME = /PASSWORD|PWD|SECRET|TOKEN|API_KEY/;

  it('takes every password in docker-compose.yml from the env file by ${…} interpolation', () => {
    const secrets: [string, string, string][] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) if (SECRET_NAME.test(key)) secrets.push([name, key, value]);
    }
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const [name, key, value] of secrets) {
      expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/) });
    }
    // Also in list form (`- KEY=value`) or anywhere else a key is given a literal value.
    expect(composeCode).not.toMatch(/^\s*-?\s*['"]?[A-Z_]*(PASSWORD|PWD)[A-Z_]*['"]?\s*[=:]\s*['"]?[^$\s'"]/m);
    expect(composeCode).not.toMatch(/postgres(ql)?:\/\/[^\s/@]*:[^\s/@]*@/);
  });

  it('defines in the env example every variable docker-compose.yml interpolates, with change-me placeholders for passwords', () => {
    const interpolated = [...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]);
    expect(interpolated.length).toBeGreaterThan(0);
    expect([...new Set(interpolated)].filter((v) => !(v in envExample))).toEqual([]);
    for (const [key, value] of Object.entries(envExample)) {
      if (SECRET_NAME.test(key)) expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^change-me/) });
    }
  });

  it('keeps .env out of git and out of the image', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['.env', 'node_modules', '.data', '.tools', '.test-data', 'admin-ui/dist', '.git']));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds on Node 20 (bookworm-slim), installs with npm ci and builds the UI', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^RUN npm run build:ui$/m);
    expect(dockerfile).toContain('COPY --from=ui /app/admin-ui/dist ./admin-ui/dist');
  });

  it('runs in production mode as a non-root user', () => {
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('node');
    expect(dockerfile.trimEnd().split('\n').at(-1)).toBe('CMD ["npm", "run", "api"]');
  });
});
