// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { Template } from 'aws-cdk-lib/assertions';
import { deployTimeJson } from '../../scripts/render/cfn-values';
import { helmBinary, helmTemplate } from '../../scripts/render/helm';
import { renderTrino } from '../../scripts/render/render-stack';
import { TrinoCluster } from '../../src';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { importedClusterStack } from '../util';

describe('render harness', () => {
  test('helm is v4.1.4 from the kubectl layer', () => {
    const bin = helmBinary();
    expect(() => fs.accessSync(bin, fs.constants.X_OK)).not.toThrow();
    expect(execFileSync(bin, ['version', '--short'], { encoding: 'utf8' })).toMatch(/^v4\.1\.4/);
  });

  test('the chart defaults render; test pods are kept apart from what helm installs', () => {
    const r = helmTemplate('trino', 'trino', {});
    const kinds = r.installed.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment/trino-coordinator', 'Deployment/trino-worker', 'Service/trino']));
    expect(r.tests.length).toBeGreaterThan(0);
    expect(r.tests.every((o) => o.metadata.annotations['helm.sh/hook'] === 'test')).toBe(true);
    expect(kubernetesSchemaErrors(r.installed)).toEqual([]);
  });

  test('a value the chart refuses surfaces helm\'s error', () => {
    expect(() => helmTemplate('trino', 'trino', { server: { keda: { enabled: true, triggers: [] } } })).toThrow(
      /At least one element in `.Values.server.keda.triggers` is required/,
    );
  });

  test('schema errors name the object and the field', () => {
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two' } };
    const errors = kubernetesSchemaErrors([bad as any]);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/x: \/spec\/replicas must be integer/)]));
    expect(kubernetesSchemaErrors([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as any])).toEqual([
      'Widget/w: no schema knows Widget',
    ]);
  });

  describe('deploy-time values of CloudFormation references', () => {
    const joined = { 'Fn::Join': ['', ['{"a":"s3://', { Ref: 'Bucket1A2B' }, '/x","n":', { Ref: 'Count' }, ',"r":"', { 'Fn::GetAtt': ['Role1', 'Arn'] }, '","p":"', { Ref: 'AWS::Region' }, '"}']] };
    test('strings take a value of their shape', () => {
      expect(deployTimeJson(joined, { Count: 3 })).toEqual({
        a: 's3://bucket1a2b/x',
        n: 3,
        r: 'arn:aws:iam::123456789012:role/role1',
        p: 'us-west-2',
      });
    });
    test('a reference where JSON wants a number needs a value', () => {
      expect(() => deployTimeJson(joined)).toThrow(/reference to Count where JSON wants a number or boolean: pass tokens/);
    });
    test('an Availability Zone picked from the region takes the shape of one', () => {
      expect(deployTimeJson({ 'Fn::Join': ['', ['{"zone":"', { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }, '"}']] })).toEqual({ zone: 'us-west-2b' });
    });
    test('other intrinsics are refused rather than guessed', () => {
      expect(() => deployTimeJson({ 'Fn::Join': ['', ['{"a":"', { 'Fn::ImportValue': 'x' }, '"}']] })).toThrow(/cannot render a CloudFormation value/);
    });
    test('the Ref of a Secrets Manager secret is its ARN; a Ref of another type stays a name', () => {
      const v = { 'Fn::Join': ['', ['{"s":"', { Ref: 'Secret1' }, '","b":"', { Ref: 'Bucket1' }, '"}']] };
      const types = { Secret1: 'AWS::SecretsManager::Secret', Bucket1: 'AWS::S3::Bucket' };
      expect(deployTimeJson(v, {}, types)).toEqual({
        s: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:Secret1-AbCdEf',
        b: 'bucket1',
      });
      expect(deployTimeJson(v).s).toBe('secret1');
    });
    test('quotes and backslashes around a reference stay JSON', () => {
      expect(deployTimeJson({ 'Fn::Join': ['', ['{"a":"x\\"', { Ref: 'B' }, '\\\\"}']] })).toEqual({ a: 'x"b-ref\\' });
    });
  });

  test('renders the trino release of a synthesized stack', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, releaseName: 'analytics', namespace: 'sql' });
    const r = renderTrino(Template.fromStack(stack).toJSON());
    expect(r.release).toBe('analytics');
    expect(r.namespace).toBe('sql');
    expect(r.deployment('worker').metadata.name).toBe('analytics-trino-worker');
    expect(r.deployment('worker').metadata.namespace).toBe('sql');
    expect(Object.keys(r.catalogs()).sort()).toEqual(['hive', 'iceberg', 'tpcds', 'tpch']);
    expect(r.catalogs().hive['s3.region']).toBe('us-west-2');
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
  });
});
