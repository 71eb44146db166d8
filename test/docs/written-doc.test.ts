// SPDX-License-Identifier: Apache-2.0
/**
 * Facts the guide pages write by hand rather than in generated blocks: the error messages they quote, the add-on
 * defaults they state, and the architecture table of what each construct creates and contributes. Each must be what
 * the code throws or renders today.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { DOC_ENV, importedClusterStack, pools, seed, scratchOutdir } from '../../scripts/doc-stack';
import {
  CoordinatorPool, FaultTolerantExchange, ScalerMetrics, SpotWorkerPool, TrinoAddOn, TrinoAddOnProps, TrinoCluster, TrinoKedaScaler,
} from '../../src';
import { retryPolicyWithoutExchange } from '../../src/config/chart';
import { validateTrinoProperties } from '../../src/config/trino-properties';
import { parseCfnJson } from '../../src/private/cfn-json';
import { readPage, thrownMessage } from '../util';

/** A blueprint ClusterInfo on an imported cluster that has scheduled only the named add-ons. */
function clusterInfo(addOns: string[]) {
  const { stack, cluster } = importedClusterStack('Docs');
  return { stack, cluster, getScheduledAddOn: (n: string) => (addOns.includes(n) ? Promise.resolve(new Construct(stack, `Fake${n}`)) : undefined) };
}

/** The chart values of the TrinoCluster a TrinoAddOn deploys. */
function addOnValues(props: TrinoAddOnProps, addOns: string[]) {
  const info = clusterInfo(addOns);
  void new TrinoAddOn(props).deploy(info);
  return info.stack.node.findAll().find((x): x is TrinoCluster => x instanceof TrinoCluster)!._renderValues();
}

test.each<[string, string, () => string]>([
  ['docs/architecture.md', 'a second scaler', () => thrownMessage(() => {
    const s = seed();
    new TrinoKedaScaler(s.stack, 'Second', { trino: s.trino });
  })],
  ['docs/architecture.md', 'a property another construct owns', () => thrownMessage(() => {
    const { stack, cluster } = importedClusterStack('Docs');
    new TrinoCluster(stack, 'Trino', { cluster, catalogs: [], additionalConfigProperties: { 'retry-policy': 'TASK' } });
  })],
  ['docs/blueprints.md', 'no Karpenter', () => thrownMessage(() => new TrinoAddOn().deploy(clusterInfo(['KedaAddOn'])))],
  ['docs/blueprints.md', 'no KEDA', () => thrownMessage(() => new TrinoAddOn().deploy(clusterInfo(['KarpenterV1AddOn'])))],
  ['docs/blueprints.md', 'no Karpenter node role', () => thrownMessage(() => new TrinoAddOn().deploy(clusterInfo(['KarpenterV1AddOn', 'KedaAddOn'])))],
  ['docs/blueprints.md', 'a pool given to the add-on', () => thrownMessage(() => new TrinoAddOn({ workerPool: {} as any }))],
  ['docs/migrating-from-data-on-eks.md', 'a Prometheus address without a scheme', () => thrownMessage(() =>
    ScalerMetrics.prometheus({ serverAddress: 'kube-prometheus-kube-prome-prometheus.kube-prometheus:9090' }))],
  ['docs/migrating-from-data-on-eks.md', 'pools in two zones', () => thrownMessage(() => {
    const { stack, cluster, nodeClass } = pools('Docs');
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [],
      workerPool: new SpotWorkerPool(stack, 'W', { cluster, nodeClass, zone: 'us-west-2a' }),
      coordinatorPool: new CoordinatorPool(stack, 'C', { cluster, nodeClass, zone: 'us-west-2b' }),
    });
  })],
  ['docs/migrating-from-data-on-eks.md', 'a second scaler', () => thrownMessage(() => {
    const s = seed();
    new TrinoKedaScaler(s.stack, 'Again', { trino: s.trino });
  })],
  ['docs/migrating-from-data-on-eks.md', 'a defunct property', () => thrownMessage(() =>
    validateTrinoProperties('additionalConfigProperties', 'config', { 'query.low-memory-killer.delay': '0s' }))],
  ['docs/migrating-from-data-on-eks.md', 'a retry policy without an exchange', () =>
    retryPolicyWithoutExchange({ additionalConfigProperties: ['retry-policy=TASK'] })!],
  ['docs/migrating-from-data-on-eks.md', 'a spool that expires before the longest query', () => thrownMessage(() =>
    new FaultTolerantExchange(new Stack(new App({ outdir: scratchOutdir() }), 'S', { env: DOC_ENV }), 'E', {
      spoolExpiration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION,
      longestQueryDuration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.plus(FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION),
    }))],
])('%s quotes the error for %s as the code words it', (page, _what, message) => {
  expect(readPage(page)).toContain(`"${message()}"`);
});

test('docs/blueprints.md states the minWorkers the add-on defaults to, with and without autoscaling', () => {
  const scaling = addOnValues({ spotCapacity: false, faultTolerance: false }, ['KedaAddOn']).server.keda.minReplicaCount;
  const plain = addOnValues({ spotCapacity: false, autoscaling: false, faultTolerance: false }, []).server.workers;
  expect([scaling, plain]).toEqual([0, 1]);
  expect(readPage('docs/blueprints.md')).toContain(`With \`autoscaling\` on, \`minWorkers\` defaults to ${scaling} (scale to zero); with it off, to ${plain}.`);
});


describe('docs/architecture.md: the table of what each construct creates and contributes, against the seed configuration', () => {
  const s = seed();
  const cells = (construct: string) => readPage('docs/architecture.md').split('\n').find((l) => l.startsWith(`| \`${construct}\` |`))!.split(' | ');
  const scopes: Array<[string, IConstruct]> = [['TrinoNodeClass', s.nodeClass], ['SpotWorkerPool', s.workerPool], ['CoordinatorPool', s.coordinatorPool],
    ['FaultTolerantExchange', s.exchange!], ['TrinoKedaScaler', s.scaler!], ['TrinoCluster', s.trino]];

  test.each(scopes)('%s: every resource and Kubernetes object it creates, and nothing else', (construct, scope) => {
    const created = cells(construct)[1].split('; ');
    let count = 0;
    for (const x of scope.node.findAll().filter((y): y is CfnResource => y instanceof CfnResource)) {
      const r = s.resources[s.stack.resolve(s.stack.getLogicalId(x))];
      if (!r || r.Type === 'Custom::AWSCDKCfnJson') continue;
      const objects = r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' ? parseCfnJson(r.Properties.Manifest) : [undefined];
      for (const o of objects) {
        const item = created[count++] ?? '';
        if (o) expect(item).toContain(['NodePool', 'EC2NodeClass'].includes(o.kind) ? `${o.kind} (name: the \`` : `${o.kind} \`${o.metadata.name}\``);
        else if (r.Type === 'Custom::AWSCDK-EKS-HelmChart') expect(item).toBe(`Helm release \`${r.Properties.Release}\` of chart \`${r.Properties.Chart} ${r.Properties.Version}\``);
        else if (r.Type === 'Custom::S3AutoDeleteObjects') expect(item).toContain('custom resource that empties the bucket');
        else expect(item).toContain(`(\`${x.node.path.slice(scope.node.path.length + 1).split('/').slice(0, -1).join('/') || scope.node.id}\`)`);
      }
    }
    expect(created.length).toBe(count);
  });

  /** The values keys, two levels deep, with the Trino property names each holds (`name=value` lines). */
  const keys = (values: any) => new Map(Object.entries(values).flatMap(([k, v]: [string, any]) =>
    (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2]) : [[k, v]])));
  const names = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split('\n') : []).filter((l) => l.includes('=')).map((l) => l.split('=')[0]);

  test.each<[string, () => any, string]>([
    ['SpotWorkerPool', () => seed({ exchange: false, scaler: false }).values, 'worker.'],
    ['CoordinatorPool', () => seed({ exchange: false, scaler: false }).values, 'coordinator.'],
    ['FaultTolerantExchange', () => seed({ pools: false, scaler: false }).values, ''],
    ['TrinoKedaScaler', () => seed({ pools: false, exchange: false }).values, ''],
  ])('%s: the chart values keys it adds or changes, with the Trino properties it adds', (construct, values, prefix) => {
    const [base, withIt] = [keys(seed({ pools: false, exchange: false, scaler: false }).values), keys(values())];
    const expected = [...withIt].filter(([k, v]) => k.startsWith(prefix) && JSON.stringify(base.get(k)) !== JSON.stringify(v))
      .map(([k, v]) => [k, names(v).filter((n) => !names(base.get(k)).includes(n))]);
    const shown = cells(construct)[2].split(/, (?![^(]*\))/).map((item) => [/^`([^`]+)`/.exec(item)![1], [...item.matchAll(/\(([^)]*)\)/g)]
      .flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1]))]);
    expect(shown).toEqual(expected);
  });
});
