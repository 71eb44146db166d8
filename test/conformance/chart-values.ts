// SPDX-License-Identifier: Apache-2.0
/**
 * Checks Helm values for the Trino chart (trinodb/charts trino-1.42.2) against
 * `trino-chart/values.paths.json`. The chart ships no `values.schema.json`, so Helm silently ignores
 * unknown keys; these helpers make such keys (and obvious type mistakes) visible in unit tests.
 *
 * Semantics of `values.paths.json` (its `_meta.meaning`): every key path of the chart defaults is listed
 * with the YAML type of its default. `openMap: true` marks keys whose default is `{}`: anything below
 * them is free-form and not walked. Keys whose default is a list are not walked either. `type: "null"`
 * means the default is empty and a scalar (a string) is expected.
 */
import { ChartPathInfo, loadChartValuePaths } from './schemas';

/** Top-level keys Helm itself defines for every chart (`global` is shared with subcharts). */
const HELM_BUILTIN_KEYS = new Set(['global']);

/**
 * Keys whose default is not `{}` but which the chart passes through as Kubernetes objects or label
 * maps, so any key below them is legitimate. This is our judgement from the comments in
 * `values.yaml` (pod / container `securityContext` objects, ServiceMonitor labels), not part of
 * `values.paths.json`.
 */
const EXTRA_OPEN_MAPS = new Set(['securityContext', 'containerSecurityContext', 'serviceMonitor.labels']);

/** openMap keys whose `note` in `values.paths.json` names the only keys the templates read. */
const NOTED_KEYS: Record<string, readonly string[]> = {
  'server.exchangeManager': ['name', 'baseDir'],
};

/** Keys typed `string` by their default that the chart also renders correctly from a YAML number. */
const NUMBER_AS_STRING_OK = new Set(['service.nodePort']);

/** List-typed keys whose elements are `key=value` / JVM option lines (strings). */
const STRING_LISTS = new Set([
  'additionalNodeProperties',
  'additionalConfigProperties',
  'additionalLogProperties',
  'additionalExchangeManagerProperties',
  'eventListenerProperties',
  'coordinator.additionalJVMConfig',
  'worker.additionalJVMConfig',
]);

/** openMap keys whose entries are properties-file contents (multi-line strings). */
const PROPERTIES_FILE_MAPS = new Set(['catalogs', 'additionalCatalogs']);

type Visit = (path: string, info: ChartPathInfo | undefined, value: unknown) => void;

/**
 * Every key path in `values` that the chart does not know: not listed in `values.paths.json` and not
 * below an open map or a list-typed key. Helm ignores such keys silently. Paths are dot-joined,
 * e.g. `coordinator.jvm.extraArguments`.
 */
export function unknownChartKeys(values: any): string[] {
  const unknown: string[] = [];
  walk(values, (path, info, value) => {
    if (!info) {
      unknown.push(path);
      return;
    }
    const allowed = NOTED_KEYS[path];
    if (allowed && isPlainObject(value)) {
      for (const k of Object.keys(value)) {
        if (!allowed.includes(k)) unknown.push(`${path}.${k}`);
      }
    }
  });
  return unknown;
}

/**
 * Obvious type mismatches between `values` and the chart defaults, e.g. a string where the default is
 * an object, boolean or number, or a map where a string is expected. `null` is accepted everywhere
 * (Helm then drops the default; the chart documents this for `securityContext` and `catalogs`).
 * Keys typed `null` (empty default) accept strings and numbers. Also checks the value shapes that the
 * notes of `values.paths.json` describe: `catalogs` / `additionalCatalogs` entries are properties file
 * contents (strings), `server.exchangeManager.{name,baseDir}`, `server.keda.triggers` items, and
 * `additional*Properties` / `additionalJVMConfig` lines.
 */
export function chartKeyTypeErrors(values: any): string[] {
  const errors: string[] = [];
  if (!isPlainObject(values)) return [`<root>: values must be a map (got ${yamlType(values)})`];
  walk(values, (path, info, value) => {
    if (!info || value === null) return;
    const actual = yamlType(value);
    const expected = info.type;
    let ok: boolean;
    switch (expected) {
      case 'null':
        ok = actual === 'string' || actual === 'integer' || actual === 'number';
        break;
      case 'string':
        ok = actual === 'string' || (NUMBER_AS_STRING_OK.has(path) && actual === 'integer');
        break;
      case 'number':
        ok = actual === 'number' || actual === 'integer';
        break;
      default:
        ok = actual === expected;
    }
    if (!ok) {
      const want = expected === 'null' ? 'a string (empty default)' : `${article(expected)} ${expected}`;
      errors.push(`${path}: expected ${want} like the chart default${'default' in info ? ` ${JSON.stringify(info.default)}` : ''}, got ${actual} ${preview(value)}`);
      return;
    }
    errors.push(...shapeErrors(path, value));
  });
  return errors;
}

function shapeErrors(path: string, value: unknown): string[] {
  const errors: string[] = [];
  if (PROPERTIES_FILE_MAPS.has(path) && isPlainObject(value)) {
    for (const [name, content] of Object.entries(value)) {
      if (content !== null && typeof content !== 'string') {
        errors.push(`${path}.${name}: must be the catalog properties file content as a string (got ${yamlType(content)})`);
      }
    }
  }
  if (path === 'server.exchangeManager' && isPlainObject(value)) {
    if (value.name !== undefined && typeof value.name !== 'string') errors.push(`${path}.name: must be a string (exchange-manager.name)`);
    const b = value.baseDir;
    if (b !== undefined && typeof b !== 'string' && !(Array.isArray(b) && b.every((x) => typeof x === 'string'))) {
      errors.push(`${path}.baseDir: must be a string or a list of strings (joined with ",")`);
    }
  }
  if (path === 'server.keda.annotations' && isPlainObject(value) && Object.keys(value).length > 0) {
    // shared/schemas/SOURCES.md, "Chart quirks": the 1.42.2 template inserts this value with nindent
    // and no toYaml, so it must be given as a YAML string block; a map should fail to render.
    errors.push(`${path}: chart 1.42.2 renders this with nindent and no toYaml; give the annotations as a YAML string block, not a map`);
  }
  if (path === 'server.keda.triggers' && Array.isArray(value)) {
    value.forEach((t, i) => {
      const at = `${path}[${i}]`;
      if (!isPlainObject(t)) {
        errors.push(`${at}: must be a KEDA trigger map (got ${yamlType(t)})`);
        return;
      }
      if (typeof t.type !== 'string' || t.type === '') errors.push(`${at}.type: is required (a string)`);
      if (!isPlainObject(t.metadata)) {
        errors.push(`${at}.metadata: is required (a map of strings)`);
      } else {
        for (const [k, v] of Object.entries(t.metadata)) {
          if (typeof v !== 'string') errors.push(`${at}.metadata.${k}: must be a string (trigger metadata is map[string]string; got ${yamlType(v)})`);
        }
      }
    });
  }
  if (STRING_LISTS.has(path) && Array.isArray(value)) {
    value.forEach((line, i) => {
      if (typeof line !== 'string') errors.push(`${path}[${i}]: must be a string line (got ${yamlType(line)})`);
    });
  }
  return errors;
}

function walk(values: any, visit: Visit): void {
  if (!isPlainObject(values)) return;
  const paths = loadChartValuePaths().paths;
  const rec = (obj: Record<string, unknown>, prefix: string, dotted: boolean) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (!prefix && HELM_BUILTIN_KEYS.has(k)) continue;
      // a key that itself contains '.' can never be a chart key; don't let it alias a nested path
      const hasDot = dotted || k.includes('.');
      const info = hasDot ? undefined : paths[path];
      visit(path, info, v);
      if (!info || info.openMap || EXTRA_OPEN_MAPS.has(path) || info.type !== 'object') continue;
      if (isPlainObject(v)) rec(v, path, hasDot);
    }
  };
  rec(values, '', false);
}

function yamlType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
