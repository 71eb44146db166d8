// SPDX-License-Identifier: Apache-2.0
/**
 * Checks Trino properties files against `trino/properties.json` (Trino 480 names per file kind,
 * compiled from the docs and cross-checked with the @Config / @LegacyConfig / @DefunctConfig
 * annotations; see its `_meta` and `shared/schemas/SOURCES.md`).
 *
 * Trino refuses to start on a property no module consumes ("Configuration property 'x' was not used")
 * and on defunct names; legacy names only log a deprecation warning. Values are parsed by Airlift:
 * enums case-insensitively with `-` read as `_`, `DataSize` as `<number><B|kB|MB|GB|TB|PB>`, and
 * `Duration` as `<number><ns|us|ms|s|m|h|d>`. `${ENV:VAR}` substitution is allowed anywhere.
 */
import { loadTrinoProperties } from './schemas';
import { parsePropertiesText } from '../../scripts/render/properties';
import { TrinoPropertiesKind as LibraryPropertiesKind } from '../../src/config/trino-properties';

export { parsePropertiesText };

/**
 * The `key=value` property file kinds of `properties.json` (`jvm` is a list of options, not supported): the kinds
 * the library writes, plus `spooling-manager`.
 */
export type TrinoPropertiesKind =
  | LibraryPropertiesKind
  | 'spooling-manager'
  | 'password-authenticator'
  | 'group-provider'
  | 'access-control';

/** One entry of `properties.json` (fields described by its `_meta.fields`). */
export interface TrinoPropertyEntry {
  readonly name: string;
  readonly type?: string;
  readonly default?: string;
  readonly allowedValues?: readonly string[];
  readonly min?: string;
  readonly max?: string;
  readonly status?: 'active' | 'legacy' | 'deprecated' | 'defunct';
  readonly inCode?: boolean | null;
  readonly replacedBy?: string;
  readonly removedIn?: string;
  readonly renamedIn?: string;
  readonly renamedTo?: string;
  readonly since?: string;
  readonly docsCodeMismatch?: string;
  readonly prefixRequired?: boolean;
  readonly prefixes?: readonly string[];
  /** `true` for a wildcard entry (`http-server.log.*`); a string is a regular expression for the value. */
  readonly pattern?: boolean | string;
  readonly required?: boolean;
  readonly restrictions?: string;
  readonly notes?: string;
}

/** Options for {@link unknownTrinoProperties}. */
export interface TrinoNameCheckOptions {
  /**
   * Accept `status: legacy` names (deprecated aliases: Trino 480 accepts them with a warning).
   * @default false
   */
  readonly allowLegacy?: boolean;
  /**
   * Accept `status: deprecated` names (the legacy `hive.s3.*` / `hive.azure.*` / `hive.gcs.*` file
   * systems: read only with `fs.hadoop.enabled=true`, removed in 481).
   * @default false
   */
  readonly allowDeprecated?: boolean;
}

const KINDS: readonly TrinoPropertiesKind[] = [
  'config', 'node', 'exchange-manager', 'catalog-hive', 'catalog-iceberg', 'catalog-tpch', 'catalog-tpcds', 'spooling-manager',
  'password-authenticator', 'group-provider', 'access-control',
];
const HTTP_CLIENT = /^(.+?)\.http-client\.(.+)$/;
const DATA_SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;
const DATA_SIZE_UNITS: Record<string, number> = { B: 1, kB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50 };
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;
const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 };
const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^\s*(\d+(?:\.\d+)?)%\s*$/;

interface KindIndex {
  exact: Map<string, TrinoPropertyEntry>;
  /** `<prefix>.http-client.<rest>` entries keyed by `<rest>`. */
  httpClient: Map<string, TrinoPropertyEntry>;
  /** wildcard entries (`pattern: true`, name ending in `.*`) as prefixes without the `*`. */
  wildcards: Array<{ prefix: string; entry: TrinoPropertyEntry }>;
}

const indexes = new Map<string, KindIndex>();

/** The `properties.json` entry that governs `name` in `kind` (exact, `<prefix>.http-client.*` or wildcard). */
export function findTrinoProperty(kind: string, name: string): TrinoPropertyEntry | undefined {
  const idx = kindIndex(kind);
  const exact = idx.exact.get(name);
  if (exact) return exact;
  const m = HTTP_CLIENT.exec(name);
  if (m && idx.httpClient.has(m[2])) return idx.httpClient.get(m[2]);
  return idx.wildcards.find((w) => name.startsWith(w.prefix))?.entry;
}

/**
 * Names in `props` that Trino 480 would reject or that should not be emitted, one message per name
 * (`"<name>: <reason>"`): names not listed for `kind`; `defunct` names (Trino refuses to start);
 * names the 480 code does not accept (`inCode: false`: docs/code mismatches and names added in 481+,
 * e.g. `fs.s3.enabled` in a catalog); `<prefix>.http-client.*` with a prefix not in the entry's
 * `prefixes`; and, unless allowed by `options`, `deprecated` (legacy file system, removed in 481)
 * and `legacy` (deprecated alias) names.
 */
export function unknownTrinoProperties(kind: string, props: Record<string, string>, options: TrinoNameCheckOptions = {}): string[] {
  const idx = kindIndex(kind);
  const errors: string[] = [];
  for (const name of Object.keys(props)) {
    let entry = idx.exact.get(name);
    const m = HTTP_CLIENT.exec(name);
    if (!entry && m) {
      entry = idx.httpClient.get(m[2]);
      if (entry && !(entry.prefixes ?? []).includes(m[1])) {
        errors.push(`${name}: unknown HTTP client prefix "${m[1]}" (allowed: ${(entry.prefixes ?? []).join(', ')})`);
        continue;
      }
    }
    if (!entry) {
      if (idx.wildcards.some((w) => name.startsWith(w.prefix))) continue;
      const elsewhere = KINDS.filter((k) => k !== kind && kindIndex(k).exact.has(name));
      errors.push(`${name}: unknown ${kind} property in Trino 480${elsewhere.length ? ` (listed for ${elsewhere.join(', ')})` : ''}`);
      continue;
    }
    const problem = nameProblem(entry, options);
    if (problem) errors.push(`${name}: ${problem}`);
  }
  return errors;
}

/**
 * Values in `props` that Trino 480 would not parse or accept, one message per property: `allowedValues`
 * (case-insensitive, `-` == `_`; the documented default is accepted too, since some lists omit it;
 * names that are not Airlift enums, such as `connector.name`, are compared exactly), `min` / `max`,
 * booleans, integers, doubles, data sizes, heap sizes (data size or percentage), durations, value
 * patterns and "power of two" restrictions. Unknown names and `${ENV:...}` values are skipped.
 */
export function invalidTrinoPropertyValues(kind: string, props: Record<string, string>): string[] {
  kindIndex(kind); // validates kind
  const errors: string[] = [];
  for (const [name, rawValue] of Object.entries(props)) {
    const entry = findTrinoProperty(kind, name);
    if (!entry || entry.pattern === true) continue;
    if (typeof rawValue !== 'string') {
      errors.push(`${name}: value must be a string (got ${typeof rawValue})`);
      continue;
    }
    if (rawValue.includes('${')) continue; // ${ENV:VAR} substitution
    const value = rawValue.trim();
    const problem = valueProblem(entry, value);
    if (problem) errors.push(`${name}=${rawValue}: ${problem}`);
  }
  return errors;
}

/** Properties marked `required` for `kind` that `props` lacks (e.g. `connector.name`, `exchange.base-directories`). */
export function missingTrinoProperties(kind: string, props: Record<string, string>): string[] {
  return [...kindIndex(kind).exact.values()]
    .filter((e) => e.required && !(e.name in props))
    .map((e) => `${e.name}: required in ${kind} properties`);
}

/** Bytes of an Airlift `DataSize` string (`64MB`, `1.5GB`, `8kB`), or `undefined` if it does not parse. */
export function parseDataSize(value: string): number | undefined {
  const m = DATA_SIZE.exec(value);
  if (!m || !(m[2] in DATA_SIZE_UNITS)) return undefined;
  return Number(m[1]) * DATA_SIZE_UNITS[m[2]];
}

/** Milliseconds of an Airlift `Duration` string (`300s`, `1m`, `0s`, `2.5h`), or `undefined` if it does not parse. */
export function parseDuration(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (!m || !(m[2] in DURATION_UNITS)) return undefined;
  return Number(m[1]) * DURATION_UNITS[m[2]];
}

// ---------------------------------------------------------------------------------------------

function kindIndex(kind: string): KindIndex {
  let idx = indexes.get(kind);
  if (idx) return idx;
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new Error(`unsupported Trino properties kind "${kind}" (supported: ${KINDS.join(', ')})`);
  }
  const entries: TrinoPropertyEntry[] = loadTrinoProperties()[kind];
  if (!Array.isArray(entries)) throw new Error(`properties.json has no list for kind "${kind}"`);
  idx = { exact: new Map(), httpClient: new Map(), wildcards: [] };
  for (const e of entries) {
    if (e.prefixRequired && e.name.startsWith('<prefix>.http-client.')) {
      idx.httpClient.set(e.name.slice('<prefix>.http-client.'.length), e);
    } else if (e.pattern === true && e.name.endsWith('.*')) {
      idx.wildcards.push({ prefix: e.name.slice(0, -1), entry: e });
    } else {
      idx.exact.set(e.name, e);
    }
  }
  indexes.set(kind, idx);
  return idx;
}

function nameProblem(e: TrinoPropertyEntry, options: TrinoNameCheckOptions): string | undefined {
  if (e.status === 'defunct') return 'defunct in Trino 480 (@DefunctConfig: Trino refuses to start)';
  if (e.inCode === false) {
    if (e.since) return `not accepted by Trino 480 (added in ${e.since})`;
    return `not accepted by Trino 480 (${e.docsCodeMismatch ?? 'no @Config of this name'})`;
  }
  if (e.status === 'deprecated' && !options.allowDeprecated) {
    return `deprecated${e.removedIn ? `, removed in ${e.removedIn}` : ''}${e.notes ? ` (${e.notes})` : ''}`;
  }
  if (e.status === 'legacy' && !options.allowLegacy) {
    return `legacy alias${e.replacedBy ? ` of ${e.replacedBy}` : ''} (accepted with a deprecation warning); use the new name`;
  }
  return undefined;
}

function valueProblem(e: TrinoPropertyEntry, value: string): string | undefined {
  if (e.allowedValues) {
    const allowed = [...e.allowedValues];
    if (e.default && /^[A-Za-z0-9_-]+$/.test(e.default) && !allowed.some((a) => normalizeEnum(a) === normalizeEnum(e.default!))) {
      allowed.push(e.default);
    }
    const ok = e.inCode === null
      ? allowed.includes(value) // read directly (e.g. connector.name): exact plugin names
      : allowed.some((a) => normalizeEnum(a) === normalizeEnum(value));
    if (!ok) return `must be one of ${allowed.join(', ')}${e.inCode === null ? '' : ' (case-insensitive, - == _)'}`;
  }
  if (typeof e.pattern === 'string' && !new RegExp(e.pattern).test(value)) return `must match ${e.pattern}`;
  switch (e.type) {
    case 'boolean':
      if (!/^(true|false)$/i.test(value)) return 'must be true or false';
      break;
    case 'integer':
      if (!INTEGER.test(value)) return 'must be an integer';
      return rangeProblem(e, Number(value), (s) => Number(s.replace(/,/g, '')), value);
    case 'double':
      if (!DOUBLE.test(value)) return 'must be a number';
      return rangeProblem(e, Number(value), Number, value);
    case 'data-size': {
      const bytes = parseDataSize(value);
      if (bytes === undefined) return 'must be a data size such as 64MB or 1.5GB (units B, kB, MB, GB, TB, PB; case-sensitive)';
      return rangeProblem(e, bytes, parseDataSize, value);
    }
    case 'heap-size':
      if (parseDataSize(value) === undefined) {
        const pct = PERCENT.exec(value);
        if (!pct || Number(pct[1]) > 100) return 'must be a data size such as 4GB or a percentage of the heap such as 30%';
      }
      break;
    case 'duration': {
      const ms = parseDuration(value);
      if (ms === undefined) return 'must be a duration such as 300s, 1m or 0s (units ns, us, ms, s, m, h, d)';
      return rangeProblem(e, ms, parseDuration, value);
    }
    default:
      break;
  }
  return undefined;
}

function rangeProblem(e: TrinoPropertyEntry, n: number, parse: (s: string) => number | undefined, shown: string): string | undefined {
  const min = e.min !== undefined ? parse(e.min) : undefined;
  const max = e.max !== undefined ? parse(e.max) : undefined;
  if (min !== undefined && !Number.isNaN(min) && n < min) return `${shown} is below the minimum ${e.min}`;
  if (max !== undefined && !Number.isNaN(max) && n > max) return `${shown} is above the maximum ${e.max}`;
  if (e.restrictions && /power of two/i.test(e.restrictions) && !(n > 0 && Number.isInteger(Math.log2(n)))) return 'must be a power of two';
  return undefined;
}

function normalizeEnum(s: string): string {
  return s.trim().toUpperCase().replace(/-/g, '_');
}
