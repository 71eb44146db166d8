// SPDX-License-Identifier: Apache-2.0
/**
 * Read-only access to the upstream reference data in `shared/schemas` (a sibling of the project
 * root; see `shared/schemas/SOURCES.md`). The files are read in place, never copied into the project.
 * Parsed results are cached per test file and deep-frozen: callers must clone before mutating.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

/** Absolute path of `shared/schemas` (`<project root>/../shared/schemas`). */
export const SCHEMAS_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'schemas');

const cache = new Map<string, unknown>();

/** Absolute path of a file below {@link SCHEMAS_DIR}, e.g. `schemaPath('trino', 'properties.json')`. */
export function schemaPath(...parts: string[]): string {
  return path.join(SCHEMAS_DIR, ...parts);
}

/** Raw text of a file below {@link SCHEMAS_DIR} (path relative to it, `/`-separated). */
export function readSchemaText(relPath: string): string {
  const file = schemaPath(...relPath.split('/'));
  if (!fs.existsSync(file)) {
    throw new Error(`conformance data file not found: ${file} (expected the upstream schemas at ${SCHEMAS_DIR}; see SOURCES.md there)`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Parsed JSON file below {@link SCHEMAS_DIR}; cached and frozen. */
export function loadSchemaJson<T = any>(relPath: string): T {
  return cached(`json:${relPath}`, () => JSON.parse(readSchemaText(relPath))) as T;
}

/** Parsed single-document YAML file below {@link SCHEMAS_DIR}; cached and frozen. */
export function loadSchemaYaml<T = any>(relPath: string): T {
  return cached(`yaml:${relPath}`, () => parseYaml(readSchemaText(relPath))) as T;
}

/** A CustomResourceDefinition YAML (e.g. `karpenter/karpenter.sh_nodepools.yaml`); cached and frozen. */
export function loadCrd(relPath: string): any {
  const crd = loadSchemaYaml(relPath);
  if (crd?.kind !== 'CustomResourceDefinition') {
    throw new Error(`${relPath} is not a CustomResourceDefinition`);
  }
  return crd;
}

/** Directory of the project's own copies of upstream files that `shared/schemas` lacks (each names its source). */
export const FIXTURES_DIR = path.join(__dirname, 'fixtures');

/**
 * A CustomResourceDefinition YAML of `test/conformance/fixtures` (an upstream copy with its source in a leading
 * comment); cached and frozen.
 */
export function loadFixtureCrd(fileName: string): any {
  const crd = cached(`fixture:${fileName}`, () => parseYaml(fs.readFileSync(path.join(FIXTURES_DIR, fileName), 'utf8'))) as any;
  if (crd?.kind !== 'CustomResourceDefinition') {
    throw new Error(`fixtures/${fileName} is not a CustomResourceDefinition`);
  }
  return crd;
}

/** `trino-chart/values.paths.json` (every key path of the chart defaults with its type). */
export function loadChartValuePaths(): { _meta: Record<string, unknown>; paths: Record<string, ChartPathInfo> } {
  return loadSchemaJson('trino-chart/values.paths.json');
}

/** One entry of `values.paths.json` `paths`. */
export interface ChartPathInfo {
  readonly type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  readonly default?: unknown;
  readonly openMap?: boolean;
  readonly note?: string;
}

/** `trino/properties.json` (Trino 480 property names per file kind). */
export function loadTrinoProperties(): Record<string, any> {
  return loadSchemaJson('trino/properties.json');
}

/** `keda/prometheus-trigger-metadata.json` (KEDA 2.20 prometheus trigger metadata keys). */
export function loadPrometheusTriggerMetadata(): any {
  return loadSchemaJson('keda/prometheus-trigger-metadata.json');
}

/** The chart's own CI values files (`trino-chart/examples/*.yaml`), parsed; sorted by file name. */
export function loadChartExamples(): Array<{ file: string; values: any }> {
  const dir = schemaPath('trino-chart', 'examples');
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => ({ file: f, values: loadSchemaYaml(`trino-chart/examples/${f}`) }));
}

/**
 * A deep, mutable copy of a JSON-like value (plain objects, arrays, scalars). Deliberately not
 * `structuredClone`: under Jest that global may come from Node's main realm, and cel-js recognises maps
 * and lists by `constructor === Object` / `Array` of the realm it runs in.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

function cached(key: string, load: () => unknown): unknown {
  if (!cache.has(key)) {
    cache.set(key, deepFreeze(load()));
  }
  return cache.get(key);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
