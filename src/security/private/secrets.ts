// SPDX-License-Identifier: Apache-2.0
import type { SecretReference } from '../trino-authentication';

/** Where the Secrets Store CSI volume is mounted in every Trino container. @internal */
export const SECRETS_MOUNT_PATH = '/var/run/secrets/trino';
/** Name of the pod volume of the Secrets Store CSI driver. @internal */
export const SECRETS_VOLUME = 'trino-secrets';
/** Prefix of every environment variable that carries a secret. @internal */
export const SECRET_ENV_PREFIX = 'TRINO_SECRET_';

/**
 * The secrets a Trino release reads from AWS Secrets Manager at pod start, through the Secrets Store CSI driver and
 * its AWS provider: files under SECRETS_MOUNT_PATH, and environment variables from the Kubernetes Secret the driver
 * syncs from the same objects. No value ever passes through the template or the chart values: only ARNs and names.
 * @internal
 */
export class SecretsModel {
  private readonly env = new Map<string, SecretReference & { source: string }>();
  private readonly files = new Map<string, SecretReference & { source: string }>();
  /** keys synced into the Kubernetes Secret for other pods of the release, not exposed to Trino */
  private readonly synced = new Map<string, SecretReference & { source: string }>();

  /**
   * Adds a secret exposed as environment variable `TRINO_SECRET_<name>`; returns the `${ENV:…}` reference Trino
   * resolves in a property value.
   */
  public addEnv(name: string, ref: SecretReference, source: string): string {
    const variable = `${SECRET_ENV_PREFIX}${name}`;
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Internal: invalid secret variable name '${name}' (from ${source}).`);
    const existing = this.env.get(variable);
    if (existing && (existing.secret !== ref.secret || existing.field !== ref.field)) {
      throw new Error(`Two secrets for the environment variable ${variable}: from ${existing.source} and ${source}.`);
    }
    this.env.set(variable, { ...ref, source });
    return `\${ENV:${variable}}`;
  }

  /**
   * Adds a secret that the driver syncs into the Kubernetes Secret under the key `TRINO_SECRET_<name>`, without making
   * it an environment variable of Trino: for another pod of the release (the smoke test) to read. Returns the key.
   */
  public addSynced(name: string, ref: SecretReference, source: string): string {
    const key = `${SECRET_ENV_PREFIX}${name}`;
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Internal: invalid synced secret name '${name}' (from ${source}).`);
    const existing = this.synced.get(key) ?? this.env.get(key);
    if (existing && (existing.secret !== ref.secret || existing.field !== ref.field)) {
      throw new Error(`Two secrets for the key ${key}: from ${existing.source} and ${source}.`);
    }
    this.synced.set(key, { ...ref, source });
    return key;
  }

  /** Adds a secret exposed as a file; returns its path in the containers. */
  public addFile(fileName: string, ref: SecretReference, source: string): string {
    const existing = this.files.get(fileName);
    if (existing) throw new Error(`Two secrets for the file ${fileName}: from ${existing.source} and ${source}.`);
    this.files.set(fileName, { ...ref, source });
    return `${SECRETS_MOUNT_PATH}/${fileName}`;
  }

  public get empty(): boolean {
    return this.env.size === 0 && this.files.size === 0 && this.synced.size === 0;
  }

  /** Every referenced secret, once. */
  public secrets(): SecretReference['secret'][] {
    return [...new Set([...this.env.values(), ...this.files.values(), ...this.synced.values()].map((r) => r.secret))];
  }

  /** Environment variable names, sorted. */
  public envNames(): string[] {
    return [...this.env.keys()].sort();
  }

  /** Chart `env` entries: each variable from the synced Kubernetes Secret. */
  public chartEnv(kubernetesSecretName: string): any[] {
    return this.envNames().map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: kubernetesSecretName, key: name } },
    }));
  }

  /**
   * The SecretProviderClass of the release (secrets-store.csi.x-k8s.io/v1). `objects` is the AWS provider's YAML list:
   * one entry per secret (full ARN as objectName), the whole string under its file alias and each JSON field through
   * `jmesPath`; every environment variable is also synced into the Kubernetes Secret `kubernetesSecretName`.
   */
  public secretProviderClass(input: {
    name: string;
    namespace: string;
    kubernetesSecretName: string;
    region: string;
    podIdentity: boolean;
  }): any {
    type Entry = { secret: SecretReference['secret']; alias?: string; fields: Array<{ path: string; alias: string }> };
    const entries: Entry[] = [];
    const entryOf = (secret: SecretReference['secret']) => {
      let e = entries.find((x) => x.secret === secret);
      if (!e) {
        e = { secret, fields: [] };
        entries.push(e);
      }
      return e;
    };
    const add = (alias: string, ref: SecretReference) => {
      const e = entryOf(ref.secret);
      if (ref.field === undefined) {
        if (e.alias !== undefined) {
          // the provider writes each object once: a second whole-string use reads the first file
          throw new Error(`The secret of ${alias} is already mounted whole as ${e.alias}: reference it once.`);
        }
        e.alias = alias;
      } else {
        e.fields.push({ path: ref.field, alias });
      }
    };
    for (const [file, ref] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) add(file, ref);
    for (const name of this.envNames()) add(name, this.env.get(name)!);
    const syncedNames = [...this.synced.keys()].filter((k) => !this.env.has(k)).sort();
    for (const name of syncedNames) add(name, this.synced.get(name)!);

    const lines: string[] = [];
    for (const e of entries) {
      lines.push(`- objectName: "${e.secret.secretArn}"`);
      lines.push('  objectType: "secretsmanager"');
      // the provider also writes the whole object, under a file name derived from objectName when it has no alias
      lines.push(`  objectAlias: "${e.alias ?? `secret-${entries.indexOf(e)}.json`}"`);
      if (e.fields.length > 0) {
        lines.push('  jmesPath:');
        for (const f of e.fields) {
          // JMESPath: a key that is not a plain identifier must be a quoted identifier, '"my-key"'
          const path = /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.path) ? f.path : `'${JSON.stringify(f.path)}'`;
          lines.push(`    - path: ${path}`);
          lines.push(`      objectAlias: "${f.alias}"`);
        }
      }
    }
    const parameters: { [key: string]: string } = { objects: lines.join('\n') + '\n', region: input.region };
    if (input.podIdentity) parameters.usePodIdentity = 'true';
    const spec: any = { provider: 'aws', parameters };
    const keys = [...this.envNames(), ...syncedNames];
    if (keys.length > 0) {
      spec.secretObjects = [
        {
          secretName: input.kubernetesSecretName,
          type: 'Opaque',
          data: keys.map((name) => ({ objectName: name, key: name })),
        },
      ];
    }
    return {
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: { name: input.name, namespace: input.namespace, labels: { 'app.kubernetes.io/part-of': 'trino' } },
      spec,
    };
  }
}

/**
 * Whether a property name is one that holds a secret, so its value must be a `${ENV:…}` reference, never a literal:
 * passwords, secrets, tokens, keys and credentials; not the paths of files that hold them.
 * @internal
 */
export function isSecretPropertyName(name: string): boolean {
  const n = name.toLowerCase();
  if (/(-file|-path|\.file|\.path|-location|-name|-type|-id|-user|-enabled|-provider|\.enabled|\.type)$/.test(n)) return false;
  // settings about secrets, not secrets: names, URLs, claims, patterns, directories, caches, limits and switches
  if (/([.-](name|url|uri|issuer|audience|pattern|files|dir|location|cache|ttl|size|timeout)|use-[a-z-]+|refresh-tokens)$/.test(n)) return false;
  return /(password|passwd|secret|token|credential|private-key|access-key|api-key|-key$)/.test(n);
}

/** Whether a value is a reference Trino resolves at start (`${ENV:…}`), not a literal. @internal */
export function isSecretReference(value: string): boolean {
  return /^\$\{ENV:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value);
}
