// SPDX-License-Identifier: Apache-2.0
/**
 * What Kubernetes receives from a synthesized stack: each `trino` Helm release of the template rendered by the real
 * helm with the released chart, its values taken as the kubectl provider passes them at deploy time (see
 * cfn-values.ts for references), plus the manifests the stack applies directly.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { deployTimeJson, resourceTypes, TokenValues } from './cfn-values';
import { helmTemplate, K8sObject } from './helm';
import { parsePropertiesText } from './properties';
import { chartNames } from '../../src/config/chart';

export type { TokenValues } from './cfn-values';
export type { K8sObject } from './helm';

/** One Trino Helm release of a stack, rendered. */
export class RenderedRelease {
  constructor(
    /** logical id of the Custom::AWSCDK-EKS-HelmChart resource */
    public readonly logicalId: string,
    public readonly release: string,
    public readonly namespace: string,
    public readonly chartVersion: string,
    /** the values helm receives */
    public readonly values: any,
    /** what `helm install` creates */
    public readonly objects: K8sObject[],
    /** `helm test` pods */
    public readonly tests: K8sObject[],
  ) {}

  /** The objects of a kind (and name). */
  public all(kind: string, name?: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  }

  /** The one object of a kind and name; throws when there is none. */
  public get(kind: string, name: string): K8sObject {
    const found = this.all(kind, name);
    if (found.length !== 1) {
      const have = this.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
      throw new Error(`expected one ${kind}/${name} in the render of release ${this.release}, found ${found.length} (rendered: ${have})`);
    }
    return found[0];
  }

  /** The one object of a kind and name, or undefined. */
  public find(kind: string, name: string): K8sObject | undefined {
    return this.all(kind, name)[0];
  }

  /** Names the chart gives to what it renders for this release. */
  public get names() {
    return chartNames(this.release);
  }

  /** The coordinator or worker Deployment. */
  public deployment(role: 'coordinator' | 'worker'): K8sObject {
    return this.get('Deployment', role === 'coordinator' ? this.names.coordinator : this.names.worker);
  }

  /** The worker Deployment, or undefined when the chart renders none. */
  public findWorkerDeployment(): K8sObject | undefined {
    return this.find('Deployment', this.names.worker);
  }

  /** The Trino container of a role's Deployment. */
  public trinoContainer(role: 'coordinator' | 'worker'): any {
    const pod = this.deployment(role).spec.template.spec;
    const c = pod.containers.find((x: any) => x.name === `trino-${role}`);
    if (!c) throw new Error(`no trino-${role} container in ${this.deployment(role).metadata.name}`);
    return c;
  }

  /** A file of a role's ConfigMap (`config.properties`, `jvm.config`, `node.properties`, `exchange-manager.properties` …). */
  public configFile(role: 'coordinator' | 'worker', file: string): string | undefined {
    const cm = this.get('ConfigMap', role === 'coordinator' ? this.names.coordinator : this.names.worker);
    return cm.data?.[file];
  }

  /** A role's properties file, parsed as Trino reads it; a name set twice throws (an ambiguous file). */
  public properties(role: 'coordinator' | 'worker', file: string): { [name: string]: string } {
    const text = this.configFile(role, file);
    if (text === undefined) throw new Error(`no ${file} in the ${role} ConfigMap of release ${this.release}`);
    return parsePropertiesText(text);
  }

  /** Catalog files (`<name>` → properties) of the catalog ConfigMap. */
  public catalogs(): { [name: string]: { [key: string]: string } } {
    const cm = this.get('ConfigMap', `${this.names.fullname}-catalog`);
    const out: { [name: string]: { [key: string]: string } } = {};
    for (const [file, text] of Object.entries<string>(cm.data ?? {})) {
      out[file.replace(/\.properties$/, '')] = parsePropertiesText(text);
    }
    return out;
  }

  /** Container images referenced by what helm installs and by its test pods. */
  public images(): { installed: string[]; tests: string[] } {
    return { installed: imagesOf(this.objects), tests: imagesOf(this.tests) };
  }
}

function imagesOf(objects: K8sObject[]): string[] {
  const images = new Set<string>();
  for (const o of objects) {
    const pod = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) images.add(c.image);
  }
  return [...images].sort();
}

/** Options of a render. */
export interface RenderOptions {
  /** values of references that stand where JSON wants a number or boolean, or to override a placeholder */
  readonly tokens?: TokenValues;
}

/** Every `trino` Helm release of a synthesized template, rendered by the real chart. */
export function renderTrinoReleases(template: any, options: RenderOptions = {}): RenderedRelease[] {
  const out: RenderedRelease[] = [];
  for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
    if (r.Type !== 'Custom::AWSCDK-EKS-HelmChart' || r.Properties.Chart !== 'trino') continue;
    const p = r.Properties;
    const values = p.Values === undefined ? {} : deployTimeJson(p.Values, options.tokens, resourceTypes(template));
    const release = String(p.Release);
    const namespace = String(p.Namespace ?? 'default');
    const rendered = helmTemplate(release, namespace, values, p.Version);
    out.push(new RenderedRelease(id, release, namespace, String(p.Version), values, rendered.installed, rendered.tests));
  }
  return out;
}

/** The one `trino` Helm release of a synthesized template, rendered. */
export function renderTrino(template: any, options: RenderOptions = {}): RenderedRelease {
  const releases = renderTrinoReleases(template, options);
  if (releases.length !== 1) throw new Error(`expected one trino Helm release in the template, found ${releases.length}`);
  return releases[0];
}

/** The Kubernetes objects a template applies as manifests (`Custom::AWSCDK-EKS-KubernetesResource`). */
export function stackManifests(template: any, options: RenderOptions = {}): K8sObject[] {
  return Object.values<any>(template.Resources ?? {})
    .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
    .flatMap((r) => deployTimeJson(r.Properties.Manifest, options.tokens, resourceTypes(template)));
}

/** Result of validating one object against the Kubernetes OpenAPI schema. */
export interface SchemaResult {
  readonly kind: string;
  readonly name: string;
  /** schema errors; null when neither kubernetes-models nor the Prometheus Operator models know the kind */
  readonly errors: string[] | null;
}

/**
 * Validates objects against the Kubernetes OpenAPI schema (kubernetes-models) and the Prometheus Operator CRDs, in
 * a child process (both packages are ES modules; see validate-k8s.mjs).
 */
export function validateK8sSchemas(objects: K8sObject[]): SchemaResult[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-k8s.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}
