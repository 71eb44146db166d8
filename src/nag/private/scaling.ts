// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { KubeObject, kubeObjects, nameOf, namespaceOf, TrinoChartRef, trinoCharts } from './kubernetes';
import { unresolvedAt } from './values';
import { TRINO_CHART } from '../../config/chart';

/** KEDA's default cooldownPeriod and minReplicaCount of a ScaledObject. */
export const KEDA_DEFAULT_COOLDOWN = 300;
export const KEDA_DEFAULT_MIN_REPLICAS = 0;

/** The workload a ScaledObject or HorizontalPodAutoscaler scales. */
export interface ScaleTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

export function scaleTargetOf(obj: { [key: string]: any }): ScaleTarget {
  const ref = obj.spec?.scaleTargetRef ?? {};
  return {
    apiVersion: String(ref.apiVersion ?? 'apps/v1'),
    kind: String(ref.kind ?? 'Deployment'),
    name: String(ref.name ?? ''),
  };
}

/** KEDA ScaledObjects applied as manifests. */
export function scaledObjects(node: CfnResource, cluster?: string): KubeObject[] {
  return kubeObjects(node, 'ScaledObject', 'keda.sh', cluster);
}

/** HorizontalPodAutoscalers applied as manifests. */
export function horizontalPodAutoscalers(node: CfnResource, cluster?: string): KubeObject[] {
  return kubeObjects(node, 'HorizontalPodAutoscaler', 'autoscaling', cluster);
}

/** Whether a scaler object scales the worker Deployment of a release. */
export function targetsWorkers(o: KubeObject, ref: TrinoChartRef): boolean {
  const t = scaleTargetOf(o.obj);
  return (
    o.cluster === ref.cluster &&
    namespaceOf(o.obj) === ref.chart.namespace &&
    t.kind === 'Deployment' &&
    t.apiVersion === 'apps/v1' &&
    t.name === ref.chart.worker.deployment
  );
}

/**
 * Whether a ScaledObject is meant for Trino: its name or its target's name contains `trino`, or its target is the
 * name of a Trino Deployment in the stack.
 */
export function isForTrino(o: KubeObject, charts: TrinoChartRef[]): boolean {
  const target = scaleTargetOf(o.obj).name;
  return (
    nameOf(o.obj).includes(TRINO_CHART.chart) ||
    target.includes(TRINO_CHART.chart) ||
    charts.some((c) => target === c.chart.worker.deployment || target === c.chart.coordinator.deployment)
  );
}

/** The ScaledObject manifests that scale the workers of a release. */
export function workerScaledObjects(ref: TrinoChartRef): KubeObject[] {
  return scaledObjects(ref.node, ref.cluster).filter((o) => targetsWorkers(o, ref));
}

/**
 * Whether a ScaledObject or HorizontalPodAutoscaler is aimed at the worker Deployment of a release: same cluster and
 * namespace, and its target names the worker Deployment, whatever kind it gives. A wrong kind (the anchor stack's
 * `StatefulSet`) is Trino-ScaledObjectTarget's finding; what the scaler is meant to do is judged as if it were fixed.
 */
export function aimsAtWorkers(o: KubeObject, ref: TrinoChartRef): boolean {
  return o.cluster === ref.cluster && namespaceOf(o.obj) === ref.chart.namespace &&
    scaleTargetOf(o.obj).name === ref.chart.worker.deployment;
}

/** The ScaledObject and HorizontalPodAutoscaler manifests aimed at the workers of a release. */
export function workerScalerManifests(ref: TrinoChartRef): KubeObject[] {
  return [...scaledObjects(ref.node, ref.cluster), ...horizontalPodAutoscalers(ref.node, ref.cluster)]
    .filter((o) => aimsAtWorkers(o, ref));
}

/** Whether the chart's scaling switches (`server.keda.enabled`, `server.autoscaling.enabled`) hold references. */
export function chartScalingUnresolved(ref: TrinoChartRef): boolean {
  return unresolvedAt(ref, 'server.keda.enabled') || unresolvedAt(ref, 'server.autoscaling.enabled');
}

/**
 * Whether anything scales the workers of a release: the chart's KEDA (`server.keda`) or HPA (`server.autoscaling`),
 * or a ScaledObject/HPA manifest aimed at the worker Deployment.
 */
export function workersScale(ref: TrinoChartRef): boolean {
  return !!ref.chart.keda || ref.chart.hpa.value || workerScalerManifests(ref).length > 0;
}

/** The Trino releases of the stack of a manifest resource (all clusters). */
export function chartsNear(node: CfnResource): TrinoChartRef[] {
  return trinoCharts(node);
}
