// SPDX-License-Identifier: Apache-2.0
/**
 * What the chart's JMX exporter sidecar exports, computed from the configuration the real chart renders (the
 * `jmx-exporter-config.yaml` of its ConfigMap) and the Trino MBeans of trino-mbeans.ts, the way prometheus/jmx_exporter
 * 1.4.0 does it (collector/src/main/java/io/prometheus/jmx/JmxCollector.java): `includeObjectNames` are JMX
 * ObjectName patterns; a rule with only a `pattern` exports the default name `<domain>_<first key property
 * value>_<attribute path>` made safe (`toSafeName`), with the other key properties as labels. Rules with a `name`,
 * `excludeObjectNames` or whitelists are not modelled: the test fails on them rather than guess.
 */
import { parse } from 'yaml';
import { MBean, Role, TRINO_MBEANS } from './trino-mbeans';
import { TARGET_LABELS } from './upstream-metrics';

/** One exported metric: its labels after the scrape and the roles that export it. */
export interface ExportedMetric {
  readonly labels: string[];
  readonly roles: Set<Role>;
  readonly source: string;
}

/** `domain:k=v,k2=v2[,*]` into parts. */
function objectName(name: string): { domain: string; props: Array<[string, string]>; wildcard: boolean } {
  const i = name.indexOf(':');
  const parts = name.slice(i + 1).split(',');
  const wildcard = parts.includes('*');
  const props = parts.filter((p) => p !== '*').map((p) => p.split('=') as [string, string]);
  return { domain: name.slice(0, i), props, wildcard };
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/**
 * Whether a JMX ObjectName pattern (javax.management.ObjectName) can match an MBean name: domain glob, every pattern
 * key property present with a matching value, no other key unless the pattern ends with `*`. A `*` value in the MBean
 * name stands for every MBean of that family (one per catalog).
 */
export function patternMatches(pattern: string, name: string): boolean {
  const p = objectName(pattern);
  const n = objectName(name);
  if (!glob(p.domain).test(n.domain)) return false;
  const nProps = new Map(n.props);
  for (const [k, v] of p.props) {
    const value = nProps.get(k);
    if (value === undefined) return false;
    if (value !== '*' && !glob(v).test(value)) return false;
  }
  return p.wildcard || p.props.length === n.props.length;
}

/** The metrics the exporter configuration exports from the Trino MBeans, by name. */
export function exportedMetrics(configYaml: string, mbeans: MBean[] = TRINO_MBEANS): Map<string, ExportedMetric> {
  const config = parse(configYaml);
  const supported = new Set(['hostPort', 'startDelaySeconds', 'ssl', 'lowercaseOutputName', 'lowercaseOutputLabelNames',
    'includeObjectNames', 'autoExcludeObjectNameAttributes', 'rules']);
  const unknown = Object.keys(config).filter((k) => !supported.has(k));
  if (unknown.length > 0) throw new Error(`exporter configuration keys this model does not know: ${unknown.join(', ')}`);
  const rules: any[] = config.rules ?? [];
  if (rules.length !== 1 || Object.keys(rules[0]).join() !== 'pattern' || rules[0].pattern !== '.*') {
    throw new Error(`only a single \`pattern: ".*"\` rule is modelled, got ${JSON.stringify(rules)}`);
  }
  const include: string[] = config.includeObjectNames ?? ['*:*'];
  const safe = (s: string) => s.replace(/[^A-Za-z0-9:_]/g, '_').replace(/_+/g, '_').replace(/^([0-9])/, '_$1');
  const out = new Map<string, ExportedMetric>();
  for (const bean of mbeans) {
    if (!include.some((p) => patternMatches(p, bean.objectName))) continue;
    const { domain, props } = objectName(bean.objectName);
    const otherLabels = props.slice(1).map(([k]) => safe(k)).map((k) => (config.lowercaseOutputLabelNames ? k.toLowerCase() : k));
    for (const attribute of bean.attributes) {
      let name = safe(`${domain}_${props[0][1]}_${attribute}`);
      if (config.lowercaseOutputName) name = name.toLowerCase();
      const existing = out.get(name);
      out.set(name, {
        labels: [...new Set([...otherLabels, ...TARGET_LABELS])],
        roles: new Set([...(existing?.roles ?? []), ...bean.roles]),
        source: bean.source,
      });
    }
  }
  return out;
}
