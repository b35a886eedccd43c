/**
 * The on-call dashboard and the alert rules (issue 13.6) watch only what the application exports: every metric named
 * in deploy/grafana/dashboards/factory5g.json and deploy/prometheus/alerts.yml is in the /metrics registry
 * (api/metrics.ts createMetrics, read here — no list by hand), every expression parses as PromQL (the Prometheus
 * project's own grammar, @prometheus-io/lezer-promql), and the stuck-kind groups the alerts name are those of
 * domain/stuck.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import { Histogram, Summary } from 'prom-client';
import { createMetrics } from '../../api/metrics';
import type { AppDeps } from '../../api/deps';
import { STUCK_KINDS, STUCK_KIND_INFO } from '../../domain/stuck';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Series names the registry exposes: a histogram's _bucket/_sum/_count, a summary's _sum/_count. */
function exportedNames(): Set<string> {
  // The registry is built as the API builds it; its collect() callbacks (which need the database) never run here.
  const { registry } = createMetrics({} as AppDeps);
  const names = new Set<string>();
  for (const metric of registry.getMetricsAsArray()) {
    const name = (metric as unknown as { name: string }).name;
    names.add(name);
    if (metric instanceof Histogram) for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (metric instanceof Summary) for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Prometheus writes `up` itself for every scrape target; nothing else is allowed from outside the registry. */
const PROMETHEUS_OWN = new Set(['up']);

/** The metric names an expression selects, and its syntax errors. */
function selectors(expr: string): { names: string[]; errors: string[]; kindMatchers: string[] } {
  const names: string[] = [];
  const errors: string[] = [];
  const kindMatchers: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${expr.slice(node.from, node.from + 20)}`);
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) names.push(expr.slice(id.from, id.to));
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'LabelMatcher') {
        const text = expr.slice(node.from, node.to);
        const m = /^kind\s*=~?\s*"([^"]*)"$/.exec(text);
        if (m) kindMatchers.push(m[1]!);
      }
    },
  });
  return { names, errors, kindMatchers };
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(read('deploy/grafana/dashboards/factory5g.json')) as { panels: Panel[] };
const flatPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...flatPanels(p.panels ?? [])]);
const dashboardExprs = flatPanels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `dashboard「${p.title}」`, expr: t.expr })));

const rules = parse(read('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert: string; expr: string; for?: string }[] }[] };
const alertRules = rules.groups.flatMap((g) => g.rules);
const alertExprs = alertRules.map((r) => ({ where: `alert ${r.alert}`, expr: String(r.expr) }));

describe('dashboard and alert rules use only metrics the application exports', () => {
  const exported = exportedNames();

  it('reads a registry with the application metrics in it', () => {
    expect([...exported]).toEqual(expect.arrayContaining(['stuck_items', 'projection_lag_seconds', 'workflow_update_duration_seconds_bucket', 'http_request_duration_seconds_count']));
  });

  it.each([...dashboardExprs, ...alertExprs].map((e) => [e.where, e.expr]))('%s: %s', (_where, expr) => {
    const { names, errors } = selectors(expr);
    expect(errors).toEqual([]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect({ name, exported: exported.has(name) || PROMETHEUS_OWN.has(name) }).toEqual({ name, exported: true });
  });

  it('groups stuck kinds in alerts and panels exactly as domain/stuck.ts does (technical vs late human steps)', () => {
    const technical = STUCK_KINDS.filter((k) => STUCK_KIND_INFO[k].technical);
    const human = STUCK_KINDS.filter((k) => !STUCK_KIND_INFO[k].technical);
    const groups = [...dashboardExprs, ...alertExprs].flatMap((e) => selectors(e.expr).kindMatchers);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const kinds = group.split('|');
      for (const kind of kinds) expect(STUCK_KINDS).toContain(kind);
      if (kinds.length > 1) expect([technical, human].map((g) => g.join('|'))).toContain(group);
    }
  });

  it('alerts on what the issue names: stuck items for 30 minutes, projection lag, Update latency p95, failing workflow tasks', () => {
    const byName = Object.fromEntries(alertRules.map((r) => [r.alert, r]));
    expect(byName.StuckTechnicalItems).toMatchObject({ for: '30m' });
    expect(byName.ProjectionLagging!.expr).toContain('projection_lag_seconds');
    expect(byName.UpdateLatencyHigh!.expr).toMatch(/histogram_quantile\(0\.95,.*workflow_update_duration_seconds_bucket/);
    expect(byName.WorkflowTaskFailing!.expr).toContain('kind="workflowTaskFailing"');
  });
});
