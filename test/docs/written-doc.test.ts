// SPDX-License-Identifier: Apache-2.0
/**
 * Facts the guide pages write by hand rather than in generated blocks: the error messages they quote and the add-on
 * defaults they state. Each must be what the code throws or renders today.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DOC_ENV, importedClusterStack, pools, seed, scratchOutdir } from '../../scripts/doc-stack';
import {
  CoordinatorPool, FaultTolerantExchange, ScalerMetrics, SpotWorkerPool, TrinoAddOn, TrinoAddOnProps, TrinoCluster, TrinoKedaScaler,
} from '../../src';
import { retryPolicyWithoutExchange } from '../../src/config/chart';
import { validateTrinoProperties } from '../../src/config/trino-properties';

const read = (page: string) => fs.readFileSync(path.join(__dirname, '..', '..', page), 'utf-8').replace(/<!-- \/?generated:[^>]* -->/g, '');

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got none');
}

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
  ['docs/architecture.md', 'a second scaler', () => messageOf(() => {
    const s = seed();
    new TrinoKedaScaler(s.stack, 'Second', { trino: s.trino });
  })],
  ['docs/architecture.md', 'a property another construct owns', () => messageOf(() => {
    const { stack, cluster } = importedClusterStack('Docs');
    new TrinoCluster(stack, 'Trino', { cluster, catalogs: [], additionalConfigProperties: { 'retry-policy': 'TASK' } });
  })],
  ['docs/blueprints.md', 'no Karpenter', () => messageOf(() => new TrinoAddOn().deploy(clusterInfo(['KedaAddOn'])))],
  ['docs/blueprints.md', 'no KEDA', () => messageOf(() => new TrinoAddOn().deploy(clusterInfo(['KarpenterV1AddOn'])))],
  ['docs/blueprints.md', 'no Karpenter node role', () => messageOf(() => new TrinoAddOn().deploy(clusterInfo(['KarpenterV1AddOn', 'KedaAddOn'])))],
  ['docs/blueprints.md', 'a pool given to the add-on', () => messageOf(() => new TrinoAddOn({ workerPool: {} as any }))],
  ['docs/migrating-from-data-on-eks.md', 'a Prometheus address without a scheme', () => messageOf(() =>
    ScalerMetrics.prometheus({ serverAddress: 'kube-prometheus-kube-prome-prometheus.kube-prometheus:9090' }))],
  ['docs/migrating-from-data-on-eks.md', 'pools in two zones', () => messageOf(() => {
    const { stack, cluster, nodeClass } = pools('Docs');
    new TrinoCluster(stack, 'Trino', {
      cluster,
      catalogs: [],
      workerPool: new SpotWorkerPool(stack, 'W', { cluster, nodeClass, zone: 'us-west-2a' }),
      coordinatorPool: new CoordinatorPool(stack, 'C', { cluster, nodeClass, zone: 'us-west-2b' }),
    });
  })],
  ['docs/migrating-from-data-on-eks.md', 'a second scaler', () => messageOf(() => {
    const s = seed();
    new TrinoKedaScaler(s.stack, 'Again', { trino: s.trino });
  })],
  ['docs/migrating-from-data-on-eks.md', 'a defunct property', () => messageOf(() =>
    validateTrinoProperties('additionalConfigProperties', 'config', { 'query.low-memory-killer.delay': '0s' }))],
  ['docs/migrating-from-data-on-eks.md', 'a retry policy without an exchange', () =>
    retryPolicyWithoutExchange({ additionalConfigProperties: ['retry-policy=TASK'] })!],
  ['docs/migrating-from-data-on-eks.md', 'a spool that expires before the longest query', () => messageOf(() =>
    new FaultTolerantExchange(new Stack(new App({ outdir: scratchOutdir() }), 'S', { env: DOC_ENV }), 'E', {
      spoolExpiration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION,
      longestQueryDuration: FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION.plus(FaultTolerantExchange.DEFAULT_SPOOL_EXPIRATION),
    }))],
])('%s quotes the error for %s as the code words it', (page, _what, message) => {
  expect(read(page)).toContain(`"${message()}"`);
});

test('docs/blueprints.md states the minWorkers the add-on defaults to, with and without autoscaling', () => {
  const scaling = addOnValues({ spotCapacity: false, faultTolerance: false }, ['KedaAddOn']).server.keda.minReplicaCount;
  const plain = addOnValues({ spotCapacity: false, autoscaling: false, faultTolerance: false }, []).server.workers;
  expect([scaling, plain]).toEqual([0, 1]);
  expect(read('docs/blueprints.md')).toContain(`With \`autoscaling\` on, \`minWorkers\` defaults to ${scaling} (scale to zero); with it off, to ${plain}.`);
});

