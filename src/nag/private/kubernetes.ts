// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { cfnProperties, readCfnJson, stackResources, text } from './cfn';
import { hasReference } from './quantities';
import { readChartValues, RenderedTrinoChart, TRINO_CHART } from '../../config/chart';

/** CloudFormation type of `eks.HelmChart`. */
export const HELM_CHART_TYPE = 'Custom::AWSCDK-EKS-HelmChart';
/** CloudFormation type of `eks.KubernetesManifest` (and `cluster.addManifest`). */
export const MANIFEST_TYPE = 'Custom::AWSCDK-EKS-KubernetesResource';

/** A Trino chart release in the stack. */
export interface TrinoChartRef {
  /** the HelmChart custom resource */
  readonly node: CfnResource;
  /** the EKS cluster it is installed on (its `ClusterName`, references as `<LogicalId>`) */
  readonly cluster: string;
  readonly chart: RenderedTrinoChart;
  /** the values as parsed (references as `<LogicalId>`) */
  readonly values: { [key: string]: any };
}

/** A Kubernetes object applied by a manifest custom resource in the stack. */
export interface KubeObject {
  readonly node: CfnResource;
  readonly cluster: string;
  readonly obj: { [key: string]: any };
}

/** A Trino release whose values could not be read as a JSON document (a whole-values intrinsic). */
export interface UnreadableTrinoChart {
  readonly node: CfnResource;
  readonly unreadable: true;
}

/**
 * The Trino release a HelmChart resource installs, or undefined when it is not the trinodb `trino` chart (the
 * `Chart` property is `trino`, or a URL or OCI reference ending in `/trino`). Never throws: values that are not a JSON
 * document give an UnreadableTrinoChart.
 */
export function readTrinoChart(node: CfnResource): TrinoChartRef | UnreadableTrinoChart | undefined {
  if (node.cfnResourceType !== HELM_CHART_TYPE) return undefined;
  const props = cfnProperties(node);
  const chart = text(props.Chart);
  if (!chart || !(chart === TRINO_CHART.chart || chart.endsWith(`/${TRINO_CHART.chart}`))) return undefined;
  const parsed = props.Values === undefined ? {} : readCfnJson(props.Values);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { node, unreadable: true };
  const values: { [key: string]: any } = parsed;
  const release = text(props.Release) ?? '';
  const namespace = text(props.Namespace) ?? 'default';
  let rendered = readChartValues(release, namespace, values);
  // An unresolved worker count (`server.workers` from a parameter) may be 0 or more: judge the worker settings as if
  // the chart rendered the workers, so a problem in them is still found (`Trino-UnresolvedValues` names the key).
  if (!rendered.worker.rendered && hasReference(values.server?.workers)) {
    rendered = { ...rendered, worker: { ...rendered.worker, rendered: true } };
  }
  return { node, cluster: text(props.ClusterName) ?? '', chart: rendered, values };
}

/** The Trino release a HelmChart resource installs, when it is one and its values can be read. */
export function trinoChartOf(node: CfnResource): TrinoChartRef | undefined {
  const r = readTrinoChart(node);
  return r && !('unreadable' in r) ? r : undefined;
}

/** The Kubernetes objects of a manifest resource, or [] for other resources. */
export function objectsOf(node: CfnResource): KubeObject[] {
  if (node.cfnResourceType !== MANIFEST_TYPE) return [];
  const props = cfnProperties(node);
  // a manifest that is not a JSON document (a whole-manifest intrinsic) has no object the rules can read
  const manifest = props.Manifest === undefined ? [] : readCfnJson(props.Manifest) ?? [];
  const cluster = text(props.ClusterName) ?? '';
  return (Array.isArray(manifest) ? manifest : [manifest])
    .filter((o: unknown) => o && typeof o === 'object')
    .map((obj: any) => ({ node, cluster, obj }));
}

/** The Trino releases in the stack of `node` on `cluster` (every cluster when undefined). */
export function trinoCharts(node: CfnResource, cluster?: string): TrinoChartRef[] {
  return stackResources(node, HELM_CHART_TYPE)
    .map(trinoChartOf)
    .filter((c): c is TrinoChartRef => !!c && (cluster === undefined || c.cluster === cluster));
}

/** Kubernetes objects of a kind (and API group) in the stack of `node` on `cluster` (every cluster when undefined). */
export function kubeObjects(node: CfnResource, kind: string, group?: string, cluster?: string): KubeObject[] {
  return stackResources(node, MANIFEST_TYPE)
    .flatMap(objectsOf)
    .filter((o) => o.obj.kind === kind && (group === undefined || apiGroup(o.obj) === group))
    .filter((o) => cluster === undefined || o.cluster === cluster);
}

/** The API group of an object (`karpenter.sh` for `karpenter.sh/v1`, '' for `v1`). */
export function apiGroup(obj: { [key: string]: any }): string {
  const v = String(obj.apiVersion ?? '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** Namespace of a namespaced object as kubectl applies it (`default` when unset). */
export function namespaceOf(obj: { [key: string]: any }): string {
  return String(obj.metadata?.namespace ?? 'default');
}

/** Name of an object. */
export function nameOf(obj: { [key: string]: any }): string {
  return String(obj.metadata?.name ?? '');
}
