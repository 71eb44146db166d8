// SPDX-License-Identifier: Apache-2.0
/**
 * The library from Python, through the jsii Python runtime, as a user runs it: examples/python/app.py and the apps in
 * test/examples/python/, run by ../shared/tools/jsii-python/run-python-app.sh (Debian's python3, the jsii kernel,
 * and Python bindings generated from this build's .jsii with the project's jsii-pacmak). test/examples/python/run.py
 * starts each app as its own `python3` process and records its exit code and output.
 *
 * Needs `.jsii` (`npx projen compile`; scripts/test.sh compiles first). The first run generates the bindings of
 * aws-cdk-lib and the other dependencies (about a minute, cached in node_modules/.cache/jsii-python); later runs
 * only regenerate the library's own binding.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addOnFacts, findingsFacts, invalidPropMessage } from '../../scripts/docs/languages';
import { ResourceGroups, TrinoCluster, TrinoSizing } from '../../src';
import { parseCfnJson } from '../../src/private/cfn-json';
import { importCluster, trinoValues } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const TOOL = path.join(ROOT, '..', 'shared', 'tools', 'jsii-python', 'run-python-app.sh');

interface Run {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly outdir: string;
}

let runs: { [name: string]: Run };
let toolSummary: string;
let tsOutdir: string;

/** Every CloudFormation template of a cloud assembly directory (the stacks and their nested stacks), by file name. */
function templates(dir: string): { [file: string]: any } {
  const out: { [file: string]: any } = {};
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.template.json')).sort()) {
    out[f] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
  }
  return out;
}

function apiResults(): { [name: string]: { value?: any; error?: { type: string; module: string; message: string; cause: string | null } } } {
  const lines = runs.api.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

beforeAll(() => {
  const scratch = fs.mkdtempSync(path.join(process.env.CDK_OUTDIR!, 'python-'));
  // The TypeScript sample, synthesized into a directory of its own.
  tsOutdir = path.join(scratch, 'typescript');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sample = require(path.join(ROOT, 'examples', 'existing-cluster'));
  sample.buildApp(new App({ outdir: tsOutdir })).synth();

  const pyOutdir = path.join(scratch, 'python');
  fs.mkdirSync(pyOutdir);
  const done = spawnSync('bash', [TOOL, 'test/examples/python/run.py', pyOutdir], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: {
      ...process.env,
      // the Node running jest (22 under scripts/test.sh) runs the kernel too
      NODE_BIN: path.dirname(process.execPath),
      // the apps import aws_cdk.lambda_layer_kubectl_v35, which the library does not depend on
      JSII_PYTHON_EXTRA_PACKAGES: '@aws-cdk/lambda-layer-kubectl-v35',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (done.status !== 0) {
    throw new Error(`run-python-app.sh exited ${done.status}:\n${done.stderr}\n${done.stdout}`);
  }
  toolSummary = done.stderr.split('\n').filter((l) => l.startsWith('run-python-app: node')).pop() ?? '';
  runs = JSON.parse(fs.readFileSync(path.join(pyOutdir, 'results.json'), 'utf-8'));
}, 900_000);

describe('examples/python/app.py', () => {
  test('exits 0: it synthesizes with zero unacknowledged AwsSolutions and TrinoChecks findings', () => {
    // the packs run twice: TrinoChecks.fail_synth_on_findings (a finding raises) and the registered plugins, whose
    // report lists only failed plugins
    // aws-cdk-lib 2.261 prints the (empty) validation report, a blank line, on stderr
    expect({ exit: runs.app.exit, stderr: runs.app.stderr.trim() }).toEqual({ exit: 0, stderr: '' });
    const report = JSON.parse(fs.readFileSync(path.join(runs.app.outdir, 'validation-report.json'), 'utf-8'));
    expect(report.pluginReports).toEqual([]);
    expect(toolSummary).toMatch(/app [\d.]+s, exit 0/);
  });

  // Compared as parsed JSON, so key order does not count: the only textual difference is the order of `source` and
  // `detail-type` in the EventBridge rules' EventPattern (the Python struct class serializes its keys in its own
  // order). That is also why the stack template's own asset hash (manifest.json, *.assets.json) differs; nothing is
  // normalized.
  test('synthesizes the same templates as examples/existing-cluster.ts, resource by resource', () => {
    const ts = templates(tsOutdir);
    const py = templates(runs.app.outdir);
    expect(Object.keys(py)).toEqual(Object.keys(ts));
    expect(Object.keys(ts)).toContain('TrinoExistingCluster.template.json');
    for (const [file, tsTemplate] of Object.entries(ts)) {
      const pyTemplate = py[file];
      expect({ file, sections: Object.keys(pyTemplate).sort() }).toEqual({ file, sections: Object.keys(tsTemplate).sort() });
      expect({ file, resources: Object.keys(pyTemplate.Resources).sort() }).toEqual({ file, resources: Object.keys(tsTemplate.Resources).sort() });
      for (const [id, resource] of Object.entries(tsTemplate.Resources)) {
        expect({ file, id, resource: pyTemplate.Resources[id] }).toEqual({ file, id, resource });
      }
      for (const section of Object.keys(tsTemplate).filter((s) => s !== 'Resources')) {
        expect({ file, section, value: pyTemplate[section] }).toEqual({ file, section, value: tsTemplate[section] });
      }
    }
  });
});

describe('findings stop a Python synth with TrinoChecks.fail_synth_on_findings', () => {
  const FINDINGS = [
    'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]',
    'Trino-SingleZone[Value::coordinator.nodeSelector]',
    'Trino-SingleZone[Value::worker.nodeSelector]',
  ];

  test('an app with findings exits non-zero, naming each finding, and writes no template', () => {
    const run = runs['findings-fail'];
    expect(run.exit).not.toBe(0);
    // Python's traceback: the JavaScript error (the cause), then the RuntimeError with the same message
    expect(run.stderr).toMatch(/^jsii\.errors\.JavaScriptError: $/m);
    expect(run.stderr).toMatch(/^RuntimeError: ValidationFailedWithErrors: Validation failed with the following errors:$/m);
    expect(run.stderr).toContain('3 unacknowledged cdk-nag finding(s) of Trino (TrinoChecks.failSynthOnFindings)');
    for (const id of FINDINGS) expect(run.stderr).toContain(`${id} (warning) on Findings/Trino/Chart/Resource/Default: `);
    expect(fs.existsSync(path.join(run.outdir, 'Findings.template.json'))).toBe(false);
  });

  test('the app ends with the RuntimeError docs/languages.md shows, which is the error TypeScript gets', () => {
    expect(runs['findings-fail'].stderr).toContain(`\nRuntimeError: ${findingsFacts().error}\n`);
  });

  test('the same app with the findings acknowledged exits 0', () => {
    const run = runs['findings-acknowledged'];
    expect({ exit: run.exit, stderr: run.stderr.trim() }).toEqual({ exit: 0, stderr: '' });
    expect(fs.existsSync(path.join(run.outdir, 'Findings.template.json'))).toBe(true);
  });

  test('under the CDK CLI, which turns the check off by context and reads the report itself, cdk synth fails too', () => {
    const run = runs['cli-fail'];
    expect(run.exit).toBe(1);
    // the app ran to its end (the CLI sets @aws-cdk/core:failSynthOnValidationErrors=false) ...
    expect(run.stdout + run.stderr).toContain('synthesized to ');
    // ... and the CLI failed on validation-report.json, naming each finding with the id to acknowledge
    for (const id of FINDINGS) expect(run.stderr).toContain(`Acknowledge with 'Trino::${id}'`);
    expect(run.stderr).toMatch(/Synthesis finished with errors\s*$/);
  });

  test('without it, the registered plugin reports the findings but the Python app exits 0 (aws-cdk-lib 2.261)', () => {
    const run = runs['findings-report'];
    expect(run.exit).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'validation-report.json'), 'utf-8'));
    const trino = report.pluginReports.find((r: any) => r.pluginName === 'Trino');
    expect(trino.conclusion).toBe('failure');
    expect(trino.violations.map((v: any) => v.ruleName).sort()).toEqual(FINDINGS);
  });
});

describe('the API from Python, as docs/languages.md shows it', () => {
  test('a struct passed positionally works as its class: TrinoSizing.for_instance(InstanceSpec(...))', () => {
    const expected = TrinoSizing.forInstanceType(new ec2.InstanceType('r8g.4xlarge'), { daemonSetMemory: Size.gibibytes(2) });
    expect(apiResults()['sizing with InstanceSpec(...)']).toEqual({
      value: { heap_mib: expected.heap.toMebibytes(), for_instance_type_heap_mib: expected.heap.toMebibytes() },
    });
  });

  test('a snake_case dict passed positionally fails with a SerializationError, although the type hints accept it', () => {
    expect(apiResults()['sizing with a dict'].error).toMatchObject({
      type: 'RuntimeError',
      message: expect.stringMatching(/^@jsii\/kernel\.SerializationError: Passed to parameter spec of static method cdk-trino-eks\.TrinoSizing\.forInstance[\s\S]*Missing required properties for cdk-trino-eks\.InstanceSpec: 'instanceType'/),
    });
  });

  test('structs in lists work as classes, and render the same resource groups as TypeScript', () => {
    const stack = new Stack(new App(), 'ResourceGroups');
    const cluster = importCluster(stack, 'Cluster', 'analytics');
    new TrinoCluster(stack, 'Trino', {
      cluster,
      resourceGroups: ResourceGroups.of({
        rootGroups: [{
          name: 'global',
          hardConcurrencyLimit: 20,
          maxQueued: 200,
          schedulingPolicy: 'weighted',
          subGroups: [
            { name: 'etl', hardConcurrencyLimit: 5, maxQueued: 50, schedulingWeight: 1 },
            { name: 'adhoc', hardConcurrencyLimit: 15, maxQueued: 150, schedulingWeight: 3 },
          ],
        }],
        selectors: [{ group: 'global.etl', source: 'airflow.*' }, { group: 'global.adhoc' }],
      }),
    });
    const tsValues = trinoValues(Template.fromStack(stack));
    const pyValues = parseCfnJson(apiResults()['resource groups with ResourceGroup(...)'].value);
    expect(JSON.parse(pyValues.resourceGroups.resourceGroupsConfig).selectors).toEqual([
      { group: 'global.etl', source: 'airflow.*' },
      { group: 'global.adhoc' },
    ]);
    expect(pyValues).toEqual(tsValues);
  });

  test('snake_case dicts in a list fail with a SerializationError; ResourceGroup(**dict) works', () => {
    const api = apiResults();
    expect(api['resource groups with dicts'].error).toMatchObject({
      type: 'RuntimeError',
      message: expect.stringMatching(/^@jsii\/kernel\.SerializationError: Passed to parameter props of static method cdk-trino-eks\.ResourceGroups\.of[\s\S]*Key 'rootGroups'/),
    });
    expect(api['resource groups with ResourceGroup(**dict)']).toEqual({ value: 'global' });
  });

  test('TrinoAddOn: constructing it works; deploy finds no Karpenter or KEDA add-on outside eks-blueprints', () => {
    const api = apiResults();
    expect(api['TrinoAddOn()']).toEqual({ value: 'TrinoAddOn' });
    expect(api['TrinoAddOn.deploy with Spot capacity'].error).toMatchObject({
      type: 'RuntimeError',
      message: expect.stringMatching(/^TrinoAddOn needs Karpenter for its Spot worker and On-Demand coordinator pools/),
    });
    expect(api['TrinoAddOn.deploy with autoscaling'].error).toMatchObject({
      type: 'RuntimeError',
      message: expect.stringMatching(/^TrinoAddOn needs KEDA to scale workers on query demand/),
    });
    expect(api['TrinoAddOn.deploy without Spot capacity and autoscaling']).toEqual({ value: 'AddOn/TrinoAddOn/Trino/Chart' });
    const facts = addOnFacts();
    expect(api['TrinoAddOn.deploy with Spot capacity'].error?.message).toBe(facts.karpenter);
    expect(api['TrinoAddOn.deploy with autoscaling'].error?.message).toBe(facts.keda);
  });

  test('a library error is a RuntimeError whose message is the library\'s, with the JavaScript error as its cause', () => {
    const api = apiResults();
    const message = '`maxWorkers` must be an integer between 1 and 1000, got: 0.';
    expect(invalidPropMessage()).toBe(message);
    expect(api['a valid prop value']).toEqual({ value: 'Trino/Trino' });
    expect(api['an invalid prop value: the message']).toEqual({ value: message });
    expect(api['an invalid prop value'].error).toMatchObject({ type: 'RuntimeError', module: 'builtins', message, cause: 'jsii.errors.JavaScriptError' });
    expect((api['an invalid prop value'].error as any).cause_text).toMatch(/Error: `maxWorkers` must be .*\n\s+at validateCount/);
  });

  test('a wrong type or a camelCase keyword is a TypeError raised in Python, naming the Python argument', () => {
    const api = apiResults();
    expect(api['a prop of the wrong type'].error).toEqual({
      type: 'TypeError',
      module: 'builtins',
      message: 'type of argument max_workers must be one of (int, float, NoneType); got str instead',
      cause: null,
      cause_text: null,
    });
    expect(api['a camelCase keyword'].error).toMatchObject({
      type: 'TypeError',
      message: expect.stringMatching(/unexpected keyword argument 'maxWorkers'/),
    });
  });
});
