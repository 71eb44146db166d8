// SPDX-License-Identifier: Apache-2.0
/**
 * Loads `@marcbachmann/cel-js` (ESM-only: `"type": "module"`, its `exports` map has no `require`
 * condition and no CJS build) inside ts-jest's CommonJS module system.
 *
 * Why not `require()` or `import()`: Jest 30 only supports `require(esm)` on Node >= 24.9 and the
 * project runs on Node 22; `import()` needs `--experimental-vm-modules`. Node's own
 * `createRequire()` could load it natively (Node 22.12+ has require(esm)), but the module would then
 * live in Node's main realm while the test objects live in Jest's VM realm, and cel-js classifies
 * values with `v.constructor === Object` / `Array` checks, which fail across realms.
 *
 * What we do: read the package's `lib/*.js` files in place, transpile each one from ESM to CommonJS
 * with the TypeScript compiler (`ts.transpileModule`, a pure string transform), and evaluate the result
 * with `new Function` in the test's own realm, with a tiny `require` that resolves the package's
 * relative imports (`./registry.js`, ...). The TypeScript compiler is loaded with Node's native
 * `createRequire` (outside Jest's registry, so it is loaded once per worker and only used as a string
 * transformer). Transpiling cold takes a few seconds, so the CommonJS text is cached in
 * `os.tmpdir()/cdk-trino-eks-conformance/` under a hash of the package sources (like Jest's own
 * transform cache); the package files themselves are never copied or modified.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';

/** The subset of the cel-js `Environment` API used by the validators. */
export interface CelEnvironment {
  registerFunction(signature: string, handler: (...args: any[]) => unknown): CelEnvironment;
  parse(expression: string): (context?: Record<string, unknown>) => unknown;
  evaluate(expression: string, context?: Record<string, unknown>): unknown;
}

/** The subset of the cel-js module exports used by the validators. */
export interface CelModule {
  Environment: new (options?: Record<string, unknown>) => CelEnvironment;
}

let celModule: CelModule | undefined;

/** The cel-js module, evaluated in the current (Jest) realm. */
export function loadCel(): CelModule {
  if (!celModule) {
    celModule = loadEsmPackageAsCjs('@marcbachmann/cel-js') as CelModule;
  }
  return celModule;
}

/**
 * A CEL environment configured like the Kubernetes API server for CRD validation rules, as far as the
 * three CRDs need it: undeclared variables (`self`) are `dyn`, and the Kubernetes regex library
 * function `string.find(string): string` (first match or `''`) is registered. `split`, `matches`,
 * `startsWith`, `endsWith`, `all`, `exists`, `filter`, `has`, `size` and `int` are built in.
 */
export function kubernetesCelEnvironment(): CelEnvironment {
  const cel = loadCel();
  const env = new cel.Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  env.registerFunction('string.find(string): string', (s: string, re: string) => {
    const m = new RegExp(re).exec(s);
    return m ? m[0] : '';
  });
  return env;
}

/** Bump when the transpile options below change, to invalidate the on-disk cache. */
const LOADER_VERSION = '1';

function loadEsmPackageAsCjs(packageName: string): unknown {
  // Jest's resolver applies the package's `exports` map ("default" condition -> lib/index.js).
  const entry = require.resolve(packageName);
  const libDir = path.dirname(entry);
  const transpiled = transpiledPackage(packageName, libDir);
  const modules = new Map<string, { exports: Record<string, unknown> }>();

  const load = (file: string): Record<string, unknown> => {
    const cached = modules.get(file);
    if (cached) return cached.exports;
    const mod = { exports: {} as Record<string, unknown> };
    modules.set(file, mod); // before evaluation: cel-js has import cycles (functions.js <-> registry.js)
    const out = transpiled[path.relative(libDir, file)];
    if (out === undefined) {
      throw new Error(`${packageName}: ${file} is not a .js file directly under ${libDir}`);
    }
    const localRequire = (spec: string): unknown => {
      if (!spec.startsWith('.')) {
        throw new Error(`${packageName}: unexpected non-relative import '${spec}' in ${file}`);
      }
      return load(path.resolve(path.dirname(file), spec));
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', `${out}\n//# sourceURL=${file}`);
    fn(mod.exports, localRequire, mod, file, path.dirname(file));
    return mod.exports;
  };

  return load(entry);
}

/** CommonJS text of every `.js` file directly under `libDir`, keyed by file name. */
function transpiledPackage(packageName: string, libDir: string): Record<string, string> {
  const files = fs.readdirSync(libDir).filter((f) => f.endsWith('.js')).sort();
  const sources: Record<string, string> = {};
  const hash = crypto.createHash('sha256').update(`${LOADER_VERSION}\0${process.version}\0`);
  for (const f of files) {
    sources[f] = fs.readFileSync(path.join(libDir, f), 'utf8');
    hash.update(f).update('\0').update(sources[f]).update('\0');
  }
  const cacheDir = path.join(os.tmpdir(), 'cdk-trino-eks-conformance');
  const cacheFile = path.join(cacheDir, `${packageName.replace(/[^a-zA-Z0-9.-]/g, '_')}-${hash.digest('hex').slice(0, 20)}.json`);
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, string>;
    if (files.every((f) => typeof cached[f] === 'string')) return cached;
  } catch {
    // no or unreadable cache: transpile below
  }
  const ts = loadTypeScript();
  const out: Record<string, string> = {};
  for (const f of files) {
    out[f] = ts.transpileModule(sources[f], {
      fileName: f,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: false,
        sourceMap: false,
        inlineSourceMap: false,
      },
      reportDiagnostics: false,
    }).outputText;
  }
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(out));
    fs.renameSync(tmp, cacheFile); // atomic: parallel Jest workers may race here
  } catch {
    // the cache is an optimisation only
  }
  return out;
}

interface TypeScriptApi {
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
  transpileModule(input: string, options: Record<string, unknown>): { outputText: string };
}

function loadTypeScript(): TypeScriptApi {
  // Node's native require: reuses the compiler instance ts-jest already loaded in this worker.
  const nativeRequire = createRequire(__filename);
  return nativeRequire('typescript') as TypeScriptApi;
}
