// SPDX-License-Identifier: Apache-2.0
/**
 * Validates Kubernetes objects against the Kubernetes OpenAPI schema (kubernetes-models) and the Prometheus
 * Operator CRDs (@kubernetes-models/prometheus-operator). Both packages are ES modules only, and Jest runs the tests
 * as CommonJS, so validation runs in this child process: read a JSON array of objects on stdin, print a JSON array of
 * { index, kind, name, errors } on stdout. `errors` is null for an object of a kind neither package knows; the
 * caller decides what to do with those (the KEDA ScaledObject is checked against ../shared/schemas instead).
 */
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  return group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

const results = [];
for (const [index, o] of objects.entries()) {
  const name = o?.metadata?.name;
  let Model;
  try {
    Model = (await import(modulePath(String(o.apiVersion), String(o.kind))))[o.kind];
  } catch {
    results.push({ index, kind: o?.kind, name, errors: null });
    continue;
  }
  try {
    new Model(o).validate();
    results.push({ index, kind: o.kind, name, errors: [] });
  } catch (e) {
    const details = Array.isArray(e?.errors)
      ? e.errors.map((x) => `${x.instancePath || '/'} ${x.message}${x.params ? ' ' + JSON.stringify(x.params) : ''}`)
      : [String(e?.message ?? e)];
    results.push({ index, kind: o.kind, name, errors: details });
  }
}
process.stdout.write(JSON.stringify(results));
