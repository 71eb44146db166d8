// SPDX-License-Identifier: Apache-2.0
/**
 * FaultTolerantExchange judged on what Kubernetes receives: the exchange-manager.properties and config.properties
 * files of the real chart 1.42.2 render, on the coordinator and on the workers, checked against Trino 480's names.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { renderTrino } from '../../scripts/render/render-stack';
import { FaultTolerantExchange, RetryPolicy, TrinoCluster } from '../../src';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { invalidTrinoPropertyValues, unknownTrinoProperties } from '../conformance/trino-properties';
import { importedClusterStack } from '../util';

describe.each([RetryPolicy.TASK, RetryPolicy.QUERY])('retry policy %s, rendered', (retryPolicy) => {
  const { stack, cluster } = importedClusterStack();
  const exchange = new FaultTolerantExchange(stack, 'Exchange', { retryPolicy });
  new TrinoCluster(stack, 'Trino', { cluster, exchange });
  const template = Template.fromStack(stack).toJSON();
  const r = renderTrino(template);
  const bucketRef = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::S3::Bucket' && id.startsWith('Exchange'))!;

  test('every object conforms to the Kubernetes OpenAPI schema', () => {
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
  });

  test.each(['coordinator', 'worker'] as const)('%s: the exchange manager spools to the exchange bucket', (role) => {
    const props = r.properties(role, 'exchange-manager.properties');
    expect(props['exchange-manager.name']).toBe('filesystem');
    // the bucket's deploy-time name stands for its Ref (scripts/render/cfn-values.ts)
    expect(props['exchange.base-directories']).toBe(`s3://${bucketRef.toLowerCase()}`);
    expect(unknownTrinoProperties('exchange-manager', props)).toEqual([]);
    expect(invalidTrinoPropertyValues('exchange-manager', props)).toEqual([]);
  });

  test.each(['coordinator', 'worker'] as const)('%s: config.properties has the retry policy and only Trino 480 names', (role) => {
    const props = r.properties(role, 'config.properties');
    expect(props['retry-policy']).toBe(retryPolicy);
    if (retryPolicy === RetryPolicy.TASK) expect(props['task-retry-attempts-per-task']).toBe('4');
    else expect(props['query-retry-attempts']).toBeDefined();
    expect(unknownTrinoProperties('config', props)).toEqual([]);
    expect(invalidTrinoPropertyValues('config', props)).toEqual([]);
  });

  test('the exchange manager file is mounted where Trino reads it', () => {
    for (const role of ['coordinator', 'worker'] as const) {
      const mounts = r.trinoContainer(role).volumeMounts.map((m: any) => m.mountPath);
      expect(mounts).toContain('/etc/trino');
    }
  });
});
