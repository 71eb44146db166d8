import { awscdk, javascript } from 'projen';

/**
 * cdk-trino-eks: Trino on Amazon EKS as AWS CDK constructs.
 *
 * Version floors (see README "Versions"):
 * - aws-cdk-lib 2.261.0: the exact version @aws-quickstart/eks-blueprints 1.19.0 pins, so blueprint users can
 *   install this library next to it without npm ERESOLVE.
 * - constructs 10.6.0: eks-blueprints depends on ^10.6.0; a lower pin leaves a second copy in node_modules.
 * - Node 22: Node 20 is end-of-life. scripts/env.sh provides Node 22 from the npm registry when the machine's is older.
 */
const cdkVersion = '2.261.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-trino-eks',
  description:
    'Trino on Amazon EKS as AWS CDK constructs: right-sized Trino from the official Helm chart, Karpenter Spot workers, KEDA scale-to-zero, fault-tolerant execution on S3, an eks-blueprints add-on and cdk-nag rules.',
  author: 'cdk-trino-eks maintainers',
  authorAddress: 'maintainers@cdk-trino-eks.dev',
  repositoryUrl: 'https://github.com/cdk-trino-eks/cdk-trino-eks.git',
  homepage: 'https://github.com/cdk-trino-eks/cdk-trino-eks',
  keywords: ['aws-cdk', 'cdk', 'eks', 'trino', 'karpenter', 'keda', 'helm', 'eks-blueprints', 'cdk-nag', 'spot'],
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '22.0.0',
  workflowNodeVersion: '22.x',

  cdkVersion,
  constructsVersion: '10.6.0',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  // No GitHub in this environment: CI is .ci/run, releases are cut by hand.
  github: false,
  release: false,

  publishToPypi: { distName: 'cdk-trino-eks', module: 'cdk_trino_eks' },
  publishToMaven: {
    javaPackage: 'io.github.cdktrinoeks',
    mavenGroupId: 'io.github.cdk-trino-eks',
    mavenArtifactId: 'cdk-trino-eks',
  },
  publishToNuget: { dotNetNamespace: 'CdkTrinoEks', packageId: 'CdkTrinoEks' },
  publishToGo: { moduleName: 'github.com/cdk-trino-eks/cdk-trino-eks-go' },

  // cdk-nag is a jsii module; TrinoChecks subclasses its NagPack, so it must be a peer dependency.
  peerDeps: ['cdk-nag@^3.0.2'],
  devDeps: [
    // TrinoAddOn is type-checked against eks-blueprints but never exposes its types (it is not a jsii module).
    '@aws-quickstart/eks-blueprints@1.19.0',
    '@aws-cdk/lambda-layer-kubectl-v35',
    // Conformance tests: validate emitted objects against the upstream CRDs in ../shared/schemas.
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    'yaml@^2.9.1',
    '@marcbachmann/cel-js@^8.0.0',
    // Language bindings check: parses the Java that jsii-pacmak --code-only generates.
    'java-parser@^3.0.1',
    // Render harness: validates every core Kubernetes object the real chart renders against the Kubernetes OpenAPI schema.
    'kubernetes-models@^5.1.0',
    '@kubernetes-models/prometheus-operator@^6.0.0',
    // Monitoring: every PromQL expression of the dashboard and the alerts is parsed by the Prometheus project's parser.
    '@prometheus-io/lezer-promql@^0.315.0',
    // Integration tests in the AWS CDK convention (test/integ): IntegTest cases, and integ-runner, which checks their
    // committed snapshots offline in CI and deploys, asserts and destroys them for a maintainer with credentials.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
  ],

  // tsconfig.dev.json type-checks src, test, examples, bench and scripts together (ts-jest and eslint use it too).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    // lint src, test, examples, bench and scripts with the dev tsconfig (tsconfig.json only covers src)
    tsconfigPath: './tsconfig.dev.json',
  },
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      // ts-jest type-checks every file; one worker per core keeps memory flat on 2-core machines.
      maxWorkers: 2,
      // one cloud-assembly directory per test file, removed when it ends (see test/setup/scratch-outdir.ts)
      setupFilesAfterEnv: ['<rootDir>/test/setup/scratch-outdir.ts'],
    },
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
  },
  // test/integ/cdk-integ.out.*: what integ-runner leaves of a failed run (cloud assemblies with their assets)
  gitignore: ['cdk.out/', '.tools/', 'test-reports/', 'dist-bindings/', '.jsii.tabl.json', 'test/integ/cdk-integ.out.*'],
  npmignoreEnabled: true,
  npmIgnoreOptions: {
    ignorePatterns: ['examples/', 'bench/', 'scripts/', 'docs/', '.ci/', 'cdk.out/', 'dist-bindings/', '.tools/', 'rosetta/'],
  },
});

// typescript-eslint's project service only finds files through tsconfig.json (src); use the dev tsconfig instead.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', ['./tsconfig.dev.json', './projenrc/tsconfig.json']);

project.tsconfigDev.addExclude('lib');
project.tsconfigDev.addExclude('dist');
project.tsconfigDev.addExclude('cdk.out');

// `typecheck` type-checks src, test, examples and bench together (tsconfig.dev.json) without emitting.
project.addTask('typecheck', {
  description: 'Type-check src, test, examples and bench',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

// `synth:examples` is the README's main job: synthesize every sample stack offline and print what it deploys.
project.addTask('synth:examples', {
  description: 'Synthesize the sample stacks in examples/ into cdk.out and print a summary (no AWS credentials)',
  exec: 'ts-node --project tsconfig.dev.json scripts/synth-examples.ts',
  receiveArgs: true,
});

// `docs` rewrites the generated blocks of the Markdown pages (docs/*.md, examples/README.md, README.md): only the text
// between `generated:NAME` markers, from the blocks of scripts/docs/. test/docs/docs.test.ts fails when one is stale.
// `bash scripts/docs.sh` does the same without projen.
project.addTask('docs', {
  description: 'Rewrite the generated blocks of docs/*.md, examples/README.md and README.md (scripts/docs/generate.ts)',
  exec: 'ts-node --project tsconfig.dev.json scripts/docs/generate.ts',
  receiveArgs: true,
});

// README and JSDoc examples must compile (strict) and translate to every jsii language; rosetta/default.ts-fixture
// provides the imports and a Stack for them.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile and translate README and JSDoc examples with jsii-rosetta in strict mode',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

project.addTask('bench', {
  description: 'Benchmark: median synthesis time of the sample blueprint with and without TrinoAddOn',
  exec: 'ts-node --project tsconfig.dev.json bench/synth.ts',
  receiveArgs: true,
});

// Integration tests (test/integ/integ.*.ts, the sample stacks as IntegTest cases). `integ` compares each test's
// synthesized cloud assembly with its committed snapshot (integ.<name>.ts.snapshot/) offline and fails on any change;
// `integ:update` accepts the current templates as the new snapshots, still without deploying (review the diff);
// `integ:deploy` needs AWS credentials: it deploys each sample (the TrinoSmokeTest in it is the assertion), then
// destroys it. docs/operations.md has the region, the cost and what is retained.
// test/integ/integ-app.sh synthesizes a test (ts-node) and declares its cloud assembly readable by integ-runner.
const integArgs = '--directory test/integ --language typescript --app "bash test/integ/integ-app.sh {filePath}"';
project.addTask('integ', {
  description: 'Check the integration-test snapshots offline: fails when a sample\'s template changed (no AWS access)',
  exec: `integ-runner ${integArgs}`,
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Write the integration-test snapshots from the current templates, without deploying',
  exec: `integ-runner ${integArgs} --update-on-failed --dry-run`,
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  description: 'With AWS credentials: deploy each sample, run its smoke test, destroy it, and update its snapshot',
  exec: `integ-runner ${integArgs} --update-on-failed --force --parallel-regions us-west-2`,
  receiveArgs: true,
});

project.addTask('bindings', {
  description: 'Generate Python, Java, .NET and Go bindings (jsii-pacmak --code-only) and check them offline',
  exec: 'bash scripts/check-bindings.sh',
});
project.addTask('package:tarball-check', {
  description: 'Pack the npm tarball, install it into a scratch CDK app and synthesize a TrinoCluster from it',
  exec: 'bash scripts/check-tarball.sh',
});

project.synth();
