// SPDX-License-Identifier: Apache-2.0
/**
 * Offline conformance check of custom resources against the upstream CRDs in `shared/schemas`
 * (method: `shared/schemas/SOURCES.md`, "Validating without a cluster"):
 *
 * 1. the CRD's `openAPIV3Schema` for `spec`, compiled with ajv 8 in strict mode after adding
 *    `additionalProperties: false` to every object schema that lists `properties` (kubectl's default
 *    strict field validation; the API server would otherwise prune unknown fields silently);
 * 2. schema defaults applied first, as the API server does before validating;
 * 3. every `x-kubernetes-validations` CEL rule (transition rules that mention `oldSelf` are skipped:
 *    they only run on update), with `self` bound to the node and integers as CEL `int`;
 * 4. `x-kubernetes-list-type: set|map` uniqueness;
 * 5. `metadata` (name / namespace / labels / annotations syntax, cluster vs namespaced scope);
 * 6. for KEDA ScaledObjects, the cheap checks of KEDA's admission webhook and the prometheus trigger
 *    metadata (`keda/prometheus-trigger-metadata.json`).
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CelEnvironment, kubernetesCelEnvironment } from './cel';
import { cloneJson, loadCrd, loadFixtureCrd, loadPrometheusTriggerMetadata } from './schemas';

/** CRD files (relative to `shared/schemas`) that {@link validateCrdObject} knows. */
export const CRD_FILES: readonly string[] = [
  'karpenter/karpenter.sh_nodepools.yaml',
  'karpenter/karpenter.k8s.aws_ec2nodeclasses.yaml',
  'keda/keda.sh_scaledobjects.yaml',
];

/**
 * CRD files of `test/conformance/fixtures` (upstream CRDs `shared/schemas` does not hold; each file names its source
 * in a leading comment): the Secrets Store CSI driver's SecretProviderClass (kubernetes-sigs/secrets-store-csi-driver
 * v1.6.0 `charts/secrets-store-csi-driver/crds/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml`).
 */
export const FIXTURE_CRD_FILES: readonly string[] = ['secrets-store.csi.x-k8s.io_secretproviderclasses.yaml'];

/** A served CRD version, resolved from an object's `apiVersion` and `kind`. */
interface CrdVersion {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** `openAPIV3Schema.properties.spec` as published (with x-kubernetes-* keys). */
  readonly specSchema: any;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** ObjectMeta fields a manifest may set; the others are written by the API server. */
const WRITABLE_METADATA = new Set(['name', 'generateName', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences']);
const TOP_LEVEL_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

let versions: Map<string, CrdVersion> | undefined;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
let celEnv: CelEnvironment | undefined;
const celPrograms = new Map<string, (ctx?: Record<string, unknown>) => unknown>();

/** `apiVersion kind` pairs accepted by {@link validateCrdObject}, e.g. `karpenter.sh/v1 NodePool`. */
export function supportedCrdKinds(): string[] {
  return [...crdVersions().keys()];
}

/**
 * Validates a Kubernetes object (plain JSON, e.g. the manifest given to `cluster.addManifest`) of
 * kind `karpenter.sh/v1 NodePool`, `karpenter.k8s.aws/v1 EC2NodeClass`, `keda.sh/v1alpha1 ScaledObject` or
 * `secrets-store.csi.x-k8s.io/v1 SecretProviderClass` against its upstream CRD. Returns human-readable errors, each
 * starting with the JSON path (e.g. `spec.template.spec.requirements[0]: ...`); empty when valid.
 */
export function validateCrdObject(obj: any): string[] {
  if (!isPlainObject(obj)) return ['<root>: must be an object'];
  const key = `${obj.apiVersion} ${obj.kind}`;
  const version = crdVersions().get(key);
  if (!version) {
    return [`<root>: unsupported apiVersion/kind "${key}" (supported: ${supportedCrdKinds().join(', ')})`];
  }
  const errors: string[] = [];
  for (const k of Object.keys(obj)) {
    if (!TOP_LEVEL_FIELDS.has(k)) errors.push(`${k}: unknown top-level field`);
  }
  errors.push(...metadataErrors(obj.metadata, version));

  if (obj.spec === undefined) {
    errors.push('spec: is required');
    return errors;
  }
  // The API server defaults before it validates; defaults never overwrite values that are set.
  const spec = cloneJson(obj.spec);
  applyDefaults(version.specSchema, spec);

  const validate = specValidator(version);
  if (!validate(spec)) {
    errors.push(...(validate.errors ?? []).map(formatAjvError));
  }
  errors.push(...listTypeErrors(version.specSchema, spec, 'spec'));
  errors.push(...celErrors(version.specSchema, toCel(version.specSchema, spec), 'spec'));

  if (version.kind === 'ScaledObject') {
    errors.push(...kedaWebhookErrors(obj.metadata, spec));
    errors.push(...prometheusTriggerErrors(spec));
  }
  return errors;
}

/**
 * Throws an Error listing every problem {@link validateCrdObject} found (no-op when valid). For
 * `expect(() => expectValidCrdObject(obj)).not.toThrow()` or a direct call.
 */
export function expectValidCrdObject(obj: any): void {
  const errors = validateCrdObject(obj);
  if (errors.length > 0) {
    const name = `${obj?.apiVersion} ${obj?.kind} ${obj?.metadata?.namespace ? obj.metadata.namespace + '/' : ''}${obj?.metadata?.name}`;
    throw new Error(`${name} does not conform to its upstream CRD (${errors.length} error(s)):\n  - ${errors.join('\n  - ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// CRD loading and ajv

function crdVersions(): Map<string, CrdVersion> {
  if (versions) return versions;
  const result = new Map<string, CrdVersion>();
  const crds = [
    ...CRD_FILES.map((file) => ({ file, crd: loadCrd(file) })),
    ...FIXTURE_CRD_FILES.map((file) => ({ file: `fixtures/${file}`, crd: loadFixtureCrd(file) })),
  ];
  for (const { file, crd } of crds) {
    for (const v of crd.spec.versions) {
      // a deprecated version is refused: the API server still serves it, but the library must not emit it
      if (!v.served || v.deprecated) continue;
      const root = v.schema.openAPIV3Schema;
      const entry: CrdVersion = {
        file,
        apiVersion: `${crd.spec.group}/${v.name}`,
        kind: crd.spec.names.kind,
        namespaced: crd.spec.scope === 'Namespaced',
        specSchema: root.properties.spec,
      };
      result.set(`${entry.apiVersion} ${entry.kind}`, entry);
    }
  }
  versions = result;
  return result;
}

function specValidator(version: CrdVersion): ValidateFunction {
  const key = `${version.apiVersion} ${version.kind}`;
  let validate = validators.get(key);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
      addFormats(ajv);
    }
    validate = ajv.compile(strictCopy(version.specSchema));
    validators.set(key, validate);
  }
  return validate;
}

/**
 * A copy of a structural schema for ajv: every `x-kubernetes-*` key dropped, and
 * `additionalProperties: false` added where the schema lists `properties` and neither sets
 * `additionalProperties` nor `x-kubernetes-preserve-unknown-fields`.
 */
function strictCopy(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictCopy);
  if (!isPlainObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties') {
      out[k] = Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, strictCopy(pv)]));
    } else if (k === 'default' || k === 'enum' || k === 'example') {
      out[k] = cloneJson(v); // data, not schema
    } else {
      out[k] = strictCopy(v);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function formatAjvError(e: ErrorObject): string {
  const at = 'spec' + pointerToPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}${fieldSegment(String((e.params as any).additionalProperty))}: unknown field (not in the CRD schema)`;
    case 'required':
      return `${at}${fieldSegment(String((e.params as any).missingProperty))}: is required`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify((e.params as any).allowedValues)} (got ${JSON.stringify(e.data)})`;
    case 'pattern':
      return `${at}: ${JSON.stringify(e.data)} must match pattern ${(e.params as any).pattern}`;
    default:
      return `${at}: ${e.message}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${JSON.stringify(e.data)})` : ''}`;
  }
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer.split('/').slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : fieldSegment(s)))
    .join('');
}

function fieldSegment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

// ---------------------------------------------------------------------------------------------
// Defaults, list types and CEL

/** Applies structural-schema defaults in place (absent properties only, recursively). */
function applyDefaults(schema: any, value: any): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(schema.items, item);
    return;
  }
  if (!isPlainObject(value)) return;
  if (schema.properties) {
    for (const [k, sub] of Object.entries<any>(schema.properties)) {
      if (value[k] === undefined && sub.default !== undefined) value[k] = cloneJson(sub.default);
      if (value[k] !== undefined) applyDefaults(sub, value[k]);
    }
  } else if (isPlainObject(schema.additionalProperties)) {
    for (const v of Object.values(value)) applyDefaults(schema.additionalProperties, v);
  }
}

function subSchema(schema: any, key: string): { schema: any; segment: string } {
  if (schema?.properties?.[key]) return { schema: schema.properties[key], segment: fieldSegment(key) };
  const ap = isPlainObject(schema?.additionalProperties) ? schema.additionalProperties : undefined;
  return { schema: ap, segment: `[${JSON.stringify(key)}]` };
}

/** `x-kubernetes-list-type: set` items and `map` keys must be unique (the API server enforces it). */
function listTypeErrors(schema: any, value: any, path: string): string[] {
  const errors: string[] = [];
  if (!schema || value === undefined || value === null) return errors;
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'set' || listType === 'map') {
      const keys: string[] = schema['x-kubernetes-list-map-keys'] ?? [];
      const seen = new Map<string, number>();
      value.forEach((item, i) => {
        const id = listType === 'set' ? JSON.stringify(item) : JSON.stringify(keys.map((k) => item?.[k]));
        if (seen.has(id)) {
          errors.push(`${path}[${i}]: duplicate ${listType === 'set' ? 'entry' : `key (${keys.join(', ')})`} ${id} (also at [${seen.get(id)}]); x-kubernetes-list-type is ${listType}`);
        } else {
          seen.set(id, i);
        }
      });
    }
    value.forEach((item, i) => errors.push(...listTypeErrors(schema.items, item, `${path}[${i}]`)));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const sub = subSchema(schema, k);
      errors.push(...listTypeErrors(sub.schema, v, path + sub.segment));
    }
  }
  return errors;
}

/** Converts JSON to CEL values by schema: `type: integer` (and integral int-or-string) become `int` (BigInt). */
function toCel(schema: any, value: any): any {
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items, v));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCel(subSchema(schema, k).schema, v);
    return out;
  }
  if (typeof value === 'number' && Number.isInteger(value)
    && (schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'])) {
    return BigInt(value);
  }
  return value;
}

function celErrors(schema: any, value: any, path: string): string[] {
  const errors: string[] = [];
  if (!schema || value === undefined || value === null) return errors;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(rule.rule)) continue; // transition rule: update only
    const at = rule.fieldPath ? `${path}${rule.fieldPath}` : path;
    let result: unknown;
    try {
      result = celProgram(rule.rule)({ self: value });
    } catch (e) {
      errors.push(`${at}: ${rule.message ?? 'validation rule'} (rule \`${rule.rule}\` could not be evaluated: ${firstLine(e)})`);
      continue;
    }
    if (result !== true) {
      let message = rule.message ?? `failed rule: ${rule.rule}`;
      if (rule.messageExpression) {
        try {
          message = String(celProgram(rule.messageExpression)({ self: value }));
        } catch {
          // keep the static message
        }
      }
      errors.push(`${at}: ${message} (rule \`${rule.rule}\`)`);
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => errors.push(...celErrors(schema.items, item, `${path}[${i}]`)));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const sub = subSchema(schema, k);
      errors.push(...celErrors(sub.schema, v, path + sub.segment));
    }
  }
  return errors;
}

function celProgram(expression: string): (ctx?: Record<string, unknown>) => unknown {
  let program = celPrograms.get(expression);
  if (!program) {
    celEnv ??= kubernetesCelEnvironment();
    program = celEnv.parse(expression);
    celPrograms.set(expression, program);
  }
  return program;
}

// ---------------------------------------------------------------------------------------------
// metadata

function metadataErrors(metadata: any, version: CrdVersion): string[] {
  const errors: string[] = [];
  if (!isPlainObject(metadata)) return ['metadata: is required (an object with at least name)'];
  for (const k of Object.keys(metadata)) {
    if (!WRITABLE_METADATA.has(k)) errors.push(`metadata.${k}: unknown or server-managed ObjectMeta field`);
  }
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    errors.push('metadata.name: is required (a non-empty string)');
  } else {
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      errors.push(`metadata.name: "${name}" must be a DNS-1123 subdomain (lowercase alphanumerics, '-' and '.', start and end alphanumeric, at most 253 characters)`);
    }
    if (version.kind === 'NodePool' || version.kind === 'EC2NodeClass') {
      // Karpenter writes the name as a label value on nodes and NodeClaims (karpenter.sh/nodepool,
      // karpenter.k8s.aws/ec2nodeclass), and label values are limited to 63 characters.
      if (name.length > 63) errors.push(`metadata.name: ${version.kind} names are used as node label values and must be at most 63 characters (got ${name.length})`);
    }
  }
  const ns = metadata.namespace;
  if (version.namespaced) {
    if (typeof ns !== 'string' || ns === '') {
      errors.push(`metadata.namespace: ${version.kind} is namespaced; set the namespace explicitly`);
    } else if (ns.length > 63 || !DNS1123_LABEL.test(ns)) {
      errors.push(`metadata.namespace: "${ns}" must be a DNS-1123 label (at most 63 characters)`);
    }
  } else if (ns !== undefined) {
    errors.push(`metadata.namespace: ${version.kind} is cluster-scoped and must not have a namespace (got ${JSON.stringify(ns)})`);
  }
  errors.push(...labelMapErrors(metadata.labels, 'metadata.labels', true));
  errors.push(...labelMapErrors(metadata.annotations, 'metadata.annotations', false));
  return errors;
}

function labelMapErrors(map: any, path: string, isLabels: boolean): string[] {
  if (map === undefined) return [];
  if (!isPlainObject(map)) return [`${path}: must be a map of strings`];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    const at = `${path}[${JSON.stringify(k)}]`;
    const keyError = qualifiedNameError(k);
    if (keyError) errors.push(`${at}: invalid key: ${keyError}`);
    if (typeof v !== 'string') {
      errors.push(`${at}: value must be a string (got ${typeof v})`);
    } else if (isLabels && (v.length > 63 || !LABEL_VALUE.test(v))) {
      errors.push(`${at}: invalid label value ${JSON.stringify(v)} (at most 63 characters, alphanumerics, '-', '_' and '.', start and end alphanumeric)`);
    }
  }
  return errors;
}

function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'at most one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix "${prefix}" must be a DNS-1123 subdomain`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `name "${name}" must be at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// KEDA

const CPU_MEMORY = new Set(['cpu', 'memory']);

/**
 * The cheap checks of KEDA's admission webhook (Go code, not in the CRD), as listed in
 * `shared/schemas/SOURCES.md`. Checks that need the cluster (workload already scaled by another
 * ScaledObject or HPA, container requests for cpu/memory triggers) are not done.
 */
function kedaWebhookErrors(metadata: any, spec: any): string[] {
  const errors: string[] = [];
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  if (name.length > 63) errors.push(`metadata.name: KEDA limits ScaledObject names to 63 characters (got ${name.length})`);
  const hpaName = spec.advanced?.horizontalPodAutoscalerConfig?.name || `keda-hpa-${name}`;
  if (hpaName.length > 63) {
    errors.push(`spec.advanced.horizontalPodAutoscalerConfig.name: the HPA name "${hpaName}" is longer than 63 characters; shorten metadata.name or set horizontalPodAutoscalerConfig.name`);
  }
  const min = typeof spec.minReplicaCount === 'number' ? spec.minReplicaCount : 0;
  if (typeof spec.idleReplicaCount === 'number' && !(spec.idleReplicaCount < min)) {
    errors.push(`spec.idleReplicaCount: must be less than minReplicaCount (idleReplicaCount=${spec.idleReplicaCount}, minReplicaCount=${min}${spec.minReplicaCount === undefined ? ' by default' : ''})`);
  }
  const triggers: any[] = Array.isArray(spec.triggers) ? spec.triggers : [];
  if (triggers.length === 0) errors.push('spec.triggers: at least one trigger is required');
  const names = new Map<string, number>();
  triggers.forEach((t, i) => {
    if (!isPlainObject(t)) return;
    if (typeof t.name === 'string' && t.name !== '') {
      if (names.has(t.name)) errors.push(`spec.triggers[${i}].name: duplicate trigger name "${t.name}" (also spec.triggers[${names.get(t.name)}])`);
      else names.set(t.name, i);
    }
    if (t.useCachedMetrics === true && ['cpu', 'memory', 'cron'].includes(t.type)) {
      errors.push(`spec.triggers[${i}].useCachedMetrics: not supported for ${t.type} triggers`);
    }
  });
  if (spec.fallback !== undefined) {
    if (triggers.length > 0 && triggers.every((t) => CPU_MEMORY.has(t?.type))) {
      errors.push('spec.fallback: needs at least one trigger that is not cpu or memory');
    }
    for (const f of ['failureThreshold', 'replicas']) {
      if (typeof spec.fallback?.[f] === 'number' && spec.fallback[f] < 0) errors.push(`spec.fallback.${f}: must be >= 0`);
    }
  }
  const sm = spec.advanced?.scalingModifiers;
  if (isPlainObject(sm) && Object.keys(sm).length > 0) {
    if (!sm.formula) errors.push('spec.advanced.scalingModifiers.formula: is required when scalingModifiers is set');
    if (!sm.target) errors.push('spec.advanced.scalingModifiers.target: is required when scalingModifiers is set');
  }
  return errors;
}

const GO_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;

/** Checks `type: prometheus` trigger metadata against `keda/prometheus-trigger-metadata.json`. */
function prometheusTriggerErrors(spec: any): string[] {
  const errors: string[] = [];
  const info = loadPrometheusTriggerMetadata();
  const entries: any[] = info.metadata;
  const byName = new Map<string, any>();
  for (const e of entries) {
    byName.set(e.name, e);
    for (const alias of e.aliases ?? []) byName.set(alias, e);
  }
  const authOnly = new Set<string>(info.authParamsOnly ?? []);
  const triggers: any[] = Array.isArray(spec.triggers) ? spec.triggers : [];
  triggers.forEach((t, i) => {
    if (!isPlainObject(t) || t.type !== 'prometheus') return;
    const at = `spec.triggers[${i}]`;
    if (t.metricType !== undefined && t.metricType !== 'AverageValue' && t.metricType !== 'Value') {
      errors.push(`${at}.metricType: the prometheus scaler accepts AverageValue (default) or Value (got ${JSON.stringify(t.metricType)})`);
    }
    const md = t.metadata;
    if (!isPlainObject(md)) return; // reported by the schema
    for (const e of entries) {
      const present = [e.name, ...(e.aliases ?? [])].some((n) => md[n] !== undefined && md[n] !== null && String(md[n]).trim() !== '');
      if (e.required && !present) errors.push(`${at}.metadata.${e.name}: is required for prometheus triggers`);
    }
    for (const [k, v] of Object.entries(md)) {
      const path = `${at}.metadata${fieldSegment(k)}`;
      if (typeof v !== 'string') {
        errors.push(`${path}: must be a string (trigger metadata is map[string]string; quote ${JSON.stringify(v)})`);
        continue;
      }
      const e = byName.get(k);
      if (!e) {
        errors.push(authOnly.has(k)
          ? `${path}: is read from the TriggerAuthentication (authenticationRef), not from metadata`
          : `${path}: unknown prometheus trigger metadata key (KEDA ${info._meta?.kedaVersion} ignores it)`);
        continue;
      }
      const type = String(e.type ?? 'string');
      if (type.startsWith('float') && !FLOAT.test(v.trim())) errors.push(`${path}: must be a number as a string (got ${JSON.stringify(v)})`);
      if (type.startsWith('bool') && !GO_BOOL.has(v.trim())) errors.push(`${path}: must be "true" or "false" (got ${JSON.stringify(v)})`);
      if (type.startsWith('duration') && !(GO_DURATION.test(v.trim()) || /^\d+$/.test(v.trim()))) {
        errors.push(`${path}: must be a duration such as "30s" (got ${JSON.stringify(v)})`);
      }
      if (Array.isArray(e.allowedValues)) {
        const values = type.startsWith('comma-separated') ? v.split(',').map((s) => s.trim()).filter((s) => s) : [v.trim()];
        const bad = values.filter((x) => !e.allowedValues.includes(x));
        if (bad.length > 0) errors.push(`${path}: ${JSON.stringify(bad)} not in ${JSON.stringify(e.allowedValues)}`);
        if (Array.isArray(e.exclusiveSet)) {
          const exclusive = values.filter((x) => e.exclusiveSet.includes(x));
          if (exclusive.length > 1) errors.push(`${path}: at most one of ${JSON.stringify(e.exclusiveSet)} (got ${JSON.stringify(exclusive)})`);
        }
      }
    }
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
