// SPDX-License-Identifier: Apache-2.0
import { logicalId, placeholders, referencedId, stackResources } from './cfn';
import { TrinoChartRef } from './kubernetes';
import { hasReference } from './quantities';
import { propertyEntries } from '../../config/chart';

/** The raw value at a dotted values key (`server.keda.enabled`), undefined when a part is missing. */
export function valueAt(values: { [key: string]: any }, key: string): any {
  let cur: any = values;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Whether the value at a values key holds a reference (see readCfnJson): its value is unknown at synth. */
export function unresolvedAt(ref: TrinoChartRef, key: string): boolean {
  return hasReference(valueAt(ref.values, key));
}

/** `name=value` entries of a list of lines or of a text block (the chart's property keys). */
export const propertyLines = propertyEntries;

// What the rules read from the values, for Trino-UnresolvedValues. A reference under one of these keys is a value
// some rule had to skip; references elsewhere (image tag, JMX settings, ...) are not judged by any rule.
const ROLES = ['coordinator', 'worker'];
const ROLE_VALUE_KEYS = [
  'jvm.maxHeapSize', 'jvm.maxHeapPercent', 'resources', 'config', 'nodeSelector', 'affinity', 'tolerations',
  'annotations', 'labels', 'lifecycle', 'gracefulShutdown', 'topologySpreadConstraints', 'additionalVolumes',
  'additionalVolumeMounts',
];
/** Keys whose value the rules judge: any reference there is unknown to them. */
export const JUDGED_VALUE_KEYS = [
  'nameOverride', 'fullnameOverride', 'coordinatorNameOverride', 'workerNameOverride', 'commonLabels',
  'networkPolicy.enabled', 'server.workers', 'server.keda.enabled', 'server.keda.cooldownPeriod',
  'server.keda.minReplicaCount', 'server.autoscaling.enabled', 'serviceAccount.create', 'serviceAccount.name',
  'ingress.enabled', 'ingress.tls', 'service.type',
  'server.config.authenticationType', 'server.config.https.enabled',
  ...ROLES.flatMap((r) => ROLE_VALUE_KEYS.map((k) => `${r}.${k}`)),
];
/** The exchange property that names the spool locations (an identity: see IDENTITY_KEYS). */
export const EXCHANGE_BASE_DIRECTORIES = 'exchange.base-directories';
/** Trino properties the rules judge, and the keys that hold property lines. */
export const JUDGED_PROPERTIES = [
  'retry-policy', 'query.max-memory-per-node', 'memory.heap-headroom-per-node', 'query-manager.required-workers',
  'node-scheduler.include-coordinator', 'shutdown.grace-period', 'http-server.authentication.type',
  'http-server.https.enabled', 'http-server.process-forwarded', 'http-server.authentication.allow-insecure-over-http',
];
export const PROPERTY_KEYS = [
  'additionalConfigProperties', 'server.coordinatorExtraConfig', 'server.workerExtraConfig',
  'additionalExchangeManagerProperties',
];
/**
 * Keys the rules read for the resources they name (the exchange bucket, catalog locations, the IRSA role): a `Ref`
 * or `Fn::GetAtt` of a resource of the stack is resolved by its logical id; a parameter, an import or another
 * intrinsic is not. Pseudo parameters (`AWS::Region`) there name no resource and are ignored.
 */
export const IDENTITY_KEYS = ['server.exchangeManager', 'serviceAccount.annotations', 'catalogs', 'additionalCatalogs'];

/**
 * The values keys of a release that hold references the rules cannot judge, sorted: a reference under a judged
 * value key, in a judged property, or a reference that names no resource of the stack under an identity key.
 */
export function unresolvedKeys(ref: TrinoChartRef): string[] {
  const resources = new Set(stackResources(ref.node).map(logicalId));
  const namesNoResource = (v: unknown) => placeholders(JSON.stringify(v ?? null))
    .some((p) => !p.startsWith('<AWS::') && !resources.has(referencedId(p) ?? ''));
  const out = new Set<string>();
  for (const key of JUDGED_VALUE_KEYS) {
    if (hasReference(valueAt(ref.values, key))) out.add(key);
  }
  for (const key of PROPERTY_KEYS) {
    const unknown = propertyLines(valueAt(ref.values, key)).some(([name, v]) =>
      name === EXCHANGE_BASE_DIRECTORIES ? namesNoResource(v) : JUDGED_PROPERTIES.includes(name) && hasReference(v));
    if (unknown) out.add(key);
  }
  for (const key of IDENTITY_KEYS) {
    if (namesNoResource(valueAt(ref.values, key))) out.add(key);
  }
  return [...out].sort();
}
