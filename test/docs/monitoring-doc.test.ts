// SPDX-License-Identifier: Apache-2.0
import { KUBE_PROMETHEUS_STACK } from '../../examples/support/monitoring';
import { docMonitoring } from '../../scripts/doc-stack';
import { alertRules, dashboardRows } from '../../src/monitoring/private/content';
import { MBEANS } from '../../src/monitoring/private/jmx';
import { readPage } from '../util';

// docs/monitoring.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const page = readPage('docs/monitoring.md');

/** Grafana unit ids in the words the page uses. */
const UNITS: { [id: string]: string } = {
  short: 'count', opm: 'per minute', reqps: 'requests per second', ms: 'milliseconds', s: 'seconds', percentunit: 'share, shown as %',
};
const promql = (lines: string[]) => ['```promql', ...lines, '```'].join('\n');

test('the page shows every row and panel of a cluster that has every source, with its queries, as the code builds them', () => {
  const rows = dashboardRows(docMonitoring().input);
  expect(rows.map((r) => r.title)).toEqual(['Queries', 'Workers', 'Fault tolerance', 'Autoscaling', 'Capacity', 'S3']);
  for (const row of rows) {
    expect(page).toContain(`\n### ${row.title}\n`);
    for (const panel of row.panels) {
      expect(UNITS[panel.unit]).toBeDefined();
      expect(page).toContain(`\n**${panel.title}** (${UNITS[panel.unit]}). ${panel.description}\n\n${promql(panel.targets.map((t) => `${t.expr}   # ${t.legend}`))}\n`);
    }
  }
  // and no panel the dashboard no longer has
  const units = Object.values(UNITS).join('|');
  expect(page.match(new RegExp(`^\\*\\*[^*\n]+\\*\\* \\((${units})\\)\\. `, 'gm'))?.length).toBe(rows.flatMap((r) => r.panels).length);
});

test('the page lists every alert in the table and has a section with its description, query and runbook', () => {
  const alerts = alertRules(docMonitoring().input);
  expect(alerts.length).toBe(7);
  for (const a of alerts) {
    expect(page).toContain(`\n| [\`${a.alert}\`](#${a.alert.toLowerCase()}) | ${a.severity} | ${a.threshold.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |\n`);
    expect(page).toContain([`\n### ${a.alert}`, '', a.description.replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>'), '',
      promql([`${a.expr}${a.for ? `   # for ${a.for}` : ''}`]), '', 'Runbook:', '', ...a.runbook.split('\n').map((step, i) => `${i + 1}. ${step}`), ''].join('\n'));
  }
  expect(page.match(/^### Trino\w+$/gm)).toEqual(alerts.map((a) => `### ${a.alert}`));
});

test('the default thresholds the page shows are the TrinoAlertOptions defaults', () => {
  expect(page).toContain('the queue has not been empty for 10m (`queuedQueriesFor`)');
  expect(page).toContain('more than 10% of the queries');
  expect(page).toContain('KEDA has asked for maxWorkers for 15m (`workersAtMaxFor`)');
  expect(page).toContain('more than 90% of its heap (`coordinatorHeapRatio`) for 10m (`coordinatorHeapFor`)');
  expect(page).toContain('trigger errors for 5m (`kedaScalerErrorsFor`)');
  expect(page).toContain('3 or more Spot interruptions (`spotInterruptions`) in one pool within 15m (`spotInterruptionWindow`)');
});

test('Grafana is opened on the blueprint sample\'s kube-prometheus-stack release', () => {
  const grafana = `${KUBE_PROMETHEUS_STACK.release}-grafana`;
  expect(page).toContain(`kubectl port-forward -n ${KUBE_PROMETHEUS_STACK.namespace} deploy/${grafana} 3000:3000`);
  expect(page).toContain(`kubectl get secret -n ${KUBE_PROMETHEUS_STACK.namespace} ${grafana} -o jsonpath='{.data.admin-password}'`);
});

test('the MBean table (written on the page) lists the MBeans the dashboard reads, in their order', () => {
  const table = page.slice(page.indexOf('| MBean | Registered by'));
  const listed = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  expect(listed).toEqual(Object.values(MBEANS));
});
