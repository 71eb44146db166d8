// SPDX-License-Identifier: Apache-2.0
import { Aws } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { importedClusterStack } from '../util';
import { compliantStack, findingPaths, trinoFindings } from './fixtures';

describe('Trino-NoBroadIamPolicies', () => {
  test('compliant: scoped grants on the IRSA role of the trino service account', () => {
    expect(trinoFindings(compliantStack().app, 'NoBroadIamPolicies')).toEqual([]);
  });

  test('non-compliant: AWSGlueConsoleFullAccess on the role (the anchor stack)', () => {
    const f = compliantStack();
    f.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSGlueConsoleFullAccess'));
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[ManagedPolicy::AWSGlueConsoleFullAccess]']);
    expect(findingPaths(f.app, 'Trino-NoBroadIamPolicies[ManagedPolicy::AWSGlueConsoleFullAccess]')).toEqual([
      'Stack/Cluster/TrinoSa/Role/Resource',
    ]);
  });

  test('non-compliant: s3:* and glue:* statements in the role\'s policy', () => {
    const f = compliantStack();
    f.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*', 'glue:*'], resources: ['*'] }));
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual([
      'Trino-NoBroadIamPolicies[Action::glue:*]',
      'Trino-NoBroadIamPolicies[Action::s3:*]',
    ]);
  });

  test('non-compliant: a customer managed policy with glue:* attached to the role', () => {
    const f = compliantStack();
    new iam.ManagedPolicy(f.stack, 'Broad', { roles: [f.role], statements: [new iam.PolicyStatement({ actions: ['glue:*'], resources: ['*'] })] });
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[Action::glue:*]']);
  });

  test('non-compliant: AmazonS3FullAccess on an EKS Pod Identity role of the trino service account', () => {
    const f = compliantStack();
    const role = new iam.Role(f.stack, 'PodIdentityRole', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
    new eks.CfnPodIdentityAssociation(f.stack, 'Assoc', {
      clusterName: f.cluster.clusterName,
      namespace: 'trino',
      serviceAccount: 'trino',
      roleArn: role.roleArn,
    });
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[ManagedPolicy::AmazonS3FullAccess]']);
  });

  test('not applicable: a broad role no Trino pod assumes', () => {
    const f = compliantStack();
    const other = new iam.Role(f.stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    other.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
    other.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual([]);
  });

  test('non-compliant: a second release whose chart creates its service account with an IRSA annotation', () => {
    const f = compliantStack();
    const chartRole = new iam.Role(f.stack, 'ChartSaRole', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
    chartRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSGlueServiceRole'));
    new eks.HelmChart(f.stack, 'Adhoc', {
      cluster: f.cluster,
      chart: 'trino',
      release: 'adhoc',
      namespace: 'adhoc',
      values: { serviceAccount: { create: true, annotations: { 'eks.amazonaws.com/role-arn': chartRole.roleArn } } },
    });
    expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[ManagedPolicy::AWSGlueServiceRole]']);
  });

  describe('roles the library did not create', () => {
    /** A raw trino chart whose own service account carries an IRSA annotation with this role ARN. */
    const chartWithRoleArn = (roleArn: string) => compliantStack({
      values: { serviceAccount: { create: true, name: 'trino-sa', annotations: { 'eks.amazonaws.com/role-arn': roleArn } } },
    });

    test('non-compliant: an imported role (literal ARN on the service account) with s3:* through a policy attached by name', () => {
      const f = chartWithRoleArn('arn:aws:iam::123456789012:role/trino-sa-role');
      const imported = iam.Role.fromRoleArn(f.stack, 'Imported', 'arn:aws:iam::123456789012:role/trino-sa-role');
      imported.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[Action::s3:*]']);
      expect(findingPaths(f.app, 'Trino-NoBroadIamPolicies[Action::s3:*]')).toEqual(['Stack/Imported/Policy/Resource']);
    });

    test('non-compliant: a role of the stack with a fixed name, given to Pod Identity as a literal ARN', () => {
      const f = compliantStack();
      const role = new iam.Role(f.stack, 'Named', { roleName: 'trino-pods', assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonAthenaFullAccess'));
      new eks.CfnPodIdentityAssociation(f.stack, 'Assoc', {
        clusterName: 'analytics',
        namespace: 'trino',
        serviceAccount: 'trino',
        roleArn: 'arn:aws:iam::123456789012:role/trino-pods',
      });
      expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual(['Trino-NoBroadIamPolicies[ManagedPolicy::AmazonAthenaFullAccess]']);
    });

    test('non-compliant: an ARN built from the role name, and an AWS::IAM::RolePolicy', () => {
      const { app, stack, cluster } = importedClusterStack();
      const role = new iam.Role(stack, 'Pods', { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com') });
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
      new iam.CfnRolePolicy(stack, 'Inline', {
        roleName: role.roleName,
        policyName: 'glue',
        policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'glue:*', Resource: '*' }] },
      });
      new eks.HelmChart(stack, 'Trino', {
        cluster,
        chart: 'trino',
        release: 'trino',
        namespace: 'trino',
        values: {
          serviceAccount: {
            create: true,
            annotations: { 'eks.amazonaws.com/role-arn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${role.roleName}` },
          },
        },
      });
      expect(trinoFindings(app, 'NoBroadIamPolicies')).toEqual([
        'Trino-NoBroadIamPolicies[Action::glue:*]',
        'Trino-NoBroadIamPolicies[ManagedPolicy::AmazonS3ReadOnlyAccess]',
      ]);
    });

    test('not applicable: a policy attached by name to a role no Trino pod assumes', () => {
      const f = chartWithRoleArn('arn:aws:iam::123456789012:role/trino-sa-role');
      const other = iam.Role.fromRoleArn(f.stack, 'Other', 'arn:aws:iam::123456789012:role/etl');
      other.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      expect(trinoFindings(f.app, 'NoBroadIamPolicies')).toEqual([]);
    });

    test('a bucket granted to an imported Trino role is used by Trino (BucketEncryption)', () => {
      const f = chartWithRoleArn('arn:aws:iam::123456789012:role/trino-sa-role');
      const imported = iam.Role.fromRoleArn(f.stack, 'Imported', 'arn:aws:iam::123456789012:role/trino-sa-role');
      new s3.Bucket(f.stack, 'Data', { enforceSSL: true }).grantRead(imported);
      expect(findingPaths(f.app, 'Trino-BucketEncryption')).toEqual(['Stack/Data/Resource']);
    });
  });
});

describe('Trino-BucketEncryption', () => {
  test('compliant: the exchange bucket declares SSE-S3', () => {
    expect(trinoFindings(compliantStack().app, 'BucketEncryption')).toEqual([]);
  });

  test('not applicable: a bucket Trino does not use', () => {
    const f = compliantStack();
    new s3.Bucket(f.stack, 'Data', { enforceSSL: true });
    expect(trinoFindings(f.app, 'BucketEncryption')).toEqual([]);
  });

  test('non-compliant: a bucket granted to the Trino role, without declared encryption', () => {
    const f = compliantStack();
    new s3.Bucket(f.stack, 'Data', { enforceSSL: true }).grantRead(f.role);
    expect(trinoFindings(f.app, 'BucketEncryption')).toEqual(['Trino-BucketEncryption']);
    expect(findingPaths(f.app, 'Trino-BucketEncryption')).toEqual(['Stack/Data/Resource']);
  });

  test('non-compliant: a bucket named in a catalog location, without declared encryption', () => {
    const f = compliantStack({
      valuesFrom: (stack) => {
        const data = new s3.Bucket(stack, 'Data', { enforceSSL: true });
        return { catalogs: { hive: `connector.name=hive\nhive.metastore=glue\nhive.metastore.glue.default-warehouse-dir=s3://${data.bucketName}/hive/\n` } };
      },
    });
    expect(trinoFindings(f.app, 'BucketEncryption')).toEqual(['Trino-BucketEncryption']);
  });
});
describe('Trino-BucketTlsOnly', () => {
  test('compliant: enforceSSL', () => {
    expect(trinoFindings(compliantStack().app, 'BucketTlsOnly')).toEqual([]);
  });

  test('non-compliant: the exchange bucket accepts plain HTTP', () => {
    const f = compliantStack({ exchangeBucketProps: { encryption: s3.BucketEncryption.S3_MANAGED } });
    expect(trinoFindings(f.app, 'BucketTlsOnly')).toEqual(['Trino-BucketTlsOnly']);
    expect(findingPaths(f.app, 'Trino-BucketTlsOnly')).toEqual(['Stack/Exchange/Resource']);
  });
});
