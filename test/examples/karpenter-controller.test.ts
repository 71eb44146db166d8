// SPDX-License-Identifier: Apache-2.0
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KarpenterController } from '../../examples/support/karpenter-controller';
import { parseCfnJson } from '../../src/private/cfn-json';

const ENV = { account: '123456789012', region: 'us-west-2' };

function build(clusterName = 'analytics') {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName,
    version: eks.KubernetesVersion.V1_35,
    kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
    defaultCapacity: 0,
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const karpenter = new KarpenterController(stack, 'Karpenter', { cluster, clusterName, nodeRole, version: '1.14.1' });
  return { stack, cluster, nodeRole, karpenter, template: Template.fromStack(stack) };
}

function controllerStatements(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { PolicyName: Match.stringLikeRegexp('KarpenterServiceAccountRoleDefaultPolicy') },
  });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values<any>(policies)[0].Properties.PolicyDocument.Statement;
}

test('the chart uses the IRSA service account, the cluster name and the interruption queue', () => {
  const { stack, karpenter, template } = build();
  const chart = Object.values<any>(template.findResources('Custom::AWSCDK-EKS-HelmChart'))[0];
  expect(chart.Properties).toMatchObject({ Chart: 'karpenter', Version: '1.14.1', Release: 'karpenter', Namespace: 'kube-system' });
  expect(parseCfnJson(chart.Properties.Values)).toEqual({
    serviceAccount: { create: false, name: 'karpenter' },
    settings: {
      clusterName: 'analytics',
      interruptionQueue: `<${stack.getLogicalId(karpenter.interruptionQueue.node.defaultChild as any)}.QueueName>`,
    },
  });
  expect(chart.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/KarpenterServiceAccount.*Role/)]));
});

test('five EventBridge rules feed the interruption queue, which keeps messages 5 minutes and refuses plain HTTP', () => {
  const { template } = build();
  const rules = Object.values<any>(template.findResources('AWS::Events::Rule'));
  expect(rules.map((r) => r.Properties.EventPattern['detail-type'][0]).sort()).toEqual([
    'AWS Health Event',
    'EC2 Capacity Reservation Instance Interruption Warning',
    'EC2 Instance Rebalance Recommendation',
    'EC2 Instance State-change Notification',
    'EC2 Spot Instance Interruption Warning',
  ]);
  for (const r of rules) expect(r.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/InterruptionQueue/), 'Arn'] });
  template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        // one statement per rule, limited to that rule (aws:SourceArn)
        Match.objectLike({
          Effect: 'Allow',
          Action: Match.arrayWith(['sqs:SendMessage']),
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('SpotInterruptionRule'), 'Arn'] } } },
        }),
      ]),
    },
  });
});

test('every mutating EC2 and instance-profile action is conditioned on the cluster\'s tags', () => {
  const statements = controllerStatements(build().template);
  const mutating = statements.filter((s) =>
    [s.Action].flat().some((a: string) => /^(ec2:(RunInstances|CreateFleet|CreateLaunchTemplate|CreateTags|Terminate|Delete)|iam:(Create|Tag|Add|Remove|Delete))/.test(a)));
  // RunInstances/CreateFleet also need the AMI, subnets and security groups, which carry no cluster tag
  const unconditioned = mutating.filter((s) => !s.Condition).map((s) => s.Sid);
  expect(unconditioned).toEqual(['EC2LaunchFromSharedResources']);
  expect([statements.find((s) => s.Sid === 'EC2LaunchFromSharedResources').Action].flat().sort()).toEqual(['ec2:CreateFleet', 'ec2:RunInstances']);
  for (const s of mutating.filter((x) => x.Condition)) {
    const keys = Object.values<any>(s.Condition).flatMap((c) => Object.keys(c));
    expect(keys.some((k) => k.endsWith('kubernetes.io/cluster/analytics'))).toBe(true);
  }
});

test('PassRole is limited to the node role and EC2; "*" only for calls without resource-level permissions', () => {
  const { stack, nodeRole, template } = build();
  const statements = controllerStatements(template);
  expect(statements.find((s) => s.Sid === 'PassNodeRole')).toMatchObject({
    Action: 'iam:PassRole',
    Resource: stack.resolve(nodeRole.roleArn),
    Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
  });
  const star = statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat());
  expect(star.every((a: string) => /^(ec2:Describe|pricing:GetProducts$|iam:ListInstanceProfiles$)/.test(a))).toBe(true);
  expect(statements.find((s) => s.Sid === 'RegionalEC2Reads').Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } });
});

test('acknowledgeAwsSolutionsFindings leaves no AwsSolutions finding on the controller', () => {
  const { stack, karpenter } = build();
  const findings = () =>
    new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${(r as any).constructPath}`))
      .filter((f) => /Karpenter/.test(f));
  expect(findings().length).toBeGreaterThan(0);
  karpenter.acknowledgeAwsSolutionsFindings();
  expect(findings()).toEqual([]);
});

test('a cluster name that is a token is refused', () => {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlLayer: new KubectlV35Layer(stack, 'Kubectl'),
    defaultCapacity: 0,
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  expect(() => new KarpenterController(stack, 'Karpenter', { cluster, clusterName: cluster.clusterName, nodeRole, version: '1.14.1' }))
    .toThrow(/clusterName must be a plain, non-empty string, got: \{"Ref":"Cluster9EE0221C"\}/);
});
