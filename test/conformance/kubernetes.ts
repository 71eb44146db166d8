// SPDX-License-Identifier: Apache-2.0
/**
 * Every Kubernetes object against a schema: core objects (Deployment, ConfigMap, Service, PodDisruptionBudget, …)
 * against the Kubernetes OpenAPI schema through kubernetes-models, ServiceMonitors against the Prometheus Operator
 * CRD models, and the custom resources of ../shared/schemas (KEDA ScaledObject, Karpenter NodePool and
 * EC2NodeClass) and of ./fixtures (SecretProviderClass) against those CRDs with their CEL rules (crd.ts). An object of a kind none of them knows is an
 * error: nothing reaches the cluster unchecked.
 */
import { supportedCrdKinds, validateCrdObject } from './crd';
import { K8sObject, validateK8sSchemas } from '../../scripts/render/render-stack';

/** Schema errors of each object, as `Kind/name: error` lines; empty when every object is valid. */
export function kubernetesSchemaErrors(objects: K8sObject[]): string[] {
  const crdKinds = new Set(supportedCrdKinds());
  const isCrd = (o: K8sObject) => crdKinds.has(`${o.apiVersion} ${o.kind}`);
  const errors: string[] = [];
  for (const o of objects.filter(isCrd)) {
    errors.push(...validateCrdObject(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
  }
  const core = objects.filter((o) => !isCrd(o));
  if (core.length > 0) {
    for (const r of validateK8sSchemas(core)) {
      if (r.errors === null) errors.push(`${r.kind}/${r.name}: no schema knows ${r.kind}`);
      else errors.push(...r.errors.map((e) => `${r.kind}/${r.name}: ${e}`));
    }
  }
  return errors;
}
