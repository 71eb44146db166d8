// SPDX-License-Identifier: Apache-2.0
import { Size } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { InstanceStorePolicy, TrinoNodeClass, TrinoNodeClassProps } from '../../src';
import { expectValidCrdObject, validateCrdObject } from '../conformance/crd';
import { importedClusterStack, realClusterStack } from '../util';
import { manifestIds, nodeRole, oneOfKind, taggedNodeClass, withDeployTimeValues } from './pools';

describe('TrinoNodeClass defaults (on an eks.Cluster)', () => {
  const { stack, cluster } = realClusterStack();
  const nodeClass = new TrinoNodeClass(stack, 'NodeClass', { cluster, role: nodeRole(stack) });
  const template = Template.fromStack(stack);
  const obj = oneOfKind(template, 'EC2NodeClass');

  test('emits a karpenter.k8s.aws/v1 EC2NodeClass that the CRD (schema and CEL rules) accepts', () => {
    expect(obj.apiVersion).toBe('karpenter.k8s.aws/v1');
    expect(obj.metadata.name).toBe(nodeClass.nodeClassName);
    // subnet and security group IDs are CloudFormation references here, resolved at deploy time
    expectValidCrdObject(withDeployTimeValues(obj));
  });

  test('runs Amazon Linux 2023, latest EKS AMI', () => {
    expect(obj.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
  });

  test('gives the node role by name (Karpenter creates the instance profile)', () => {
    expect(obj.spec.role).toBe('KarpenterNodeRole-analytics');
    expect(obj.spec.instanceProfile).toBeUndefined();
  });

  test('has an encrypted 100 GiB gp3 root volume', () => {
    expect(obj.spec.blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/xvda',
        rootVolume: true,
        ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
      },
    ]);
    expect(TrinoNodeClass.DEFAULT_ROOT_VOLUME_SIZE.toGibibytes()).toBe(100);
  });

  test('sets kubelet.maxPods to the kubelet\'s default, 110, and no kubelet reservation TrinoSizing would not model', () => {
    expect(obj.spec.kubelet).toEqual({ maxPods: 110 });
    expect(TrinoNodeClass.DEFAULT_KUBELET_MAX_PODS).toBe(110);
  });

  test('requires IMDSv2 with a hop limit of 1', () => {
    expect(obj.spec.metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    });
  });

  test('selects the private subnets of the cluster VPC and the cluster security group', () => {
    expect(obj.spec.subnetSelectorTerms).toEqual(
      cluster.vpc.privateSubnets.map((s) => ({ id: `<${stack.resolve(s.subnetId).Ref}>` })),
    );
    expect(obj.spec.securityGroupSelectorTerms).toHaveLength(1);
    expect(obj.spec.securityGroupSelectorTerms[0].id).toMatch(/^<Cluster.*\.ClusterSecurityGroupId>$/);
  });

  test('leaves the instance store alone (no instanceStorePolicy)', () => {
    expect(obj.spec.instanceStorePolicy).toBeUndefined();
    expect(nodeClass.instanceStorePolicy).toBeUndefined();
  });

  test('has no tags of its own and a name that is a DNS label', () => {
    expect(obj.spec.tags).toBeUndefined();
    expect(nodeClass.nodeClassName).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(nodeClass.nodeClassName.length).toBeLessThanOrEqual(63);
  });
});

describe('TrinoNodeClass overrides', () => {
  function synth(props: Partial<TrinoNodeClassProps>) {
    const { stack, cluster } = importedClusterStack();
    const nodeClass = taggedNodeClass(stack, cluster, props);
    const template = Template.fromStack(stack);
    return { stack, nodeClass, template, obj: oneOfKind(template, 'EC2NodeClass') };
  }

  test('takes an instance profile instead of a role', () => {
    const { stack, cluster } = importedClusterStack();
    const profile = iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'trino-nodes');
    new TrinoNodeClass(stack, 'NodeClass', {
      cluster,
      instanceProfile: profile,
      subnetTags: { Name: 'private-*' },
      securityGroupTags: { Name: 'nodes' },
    });
    const obj = oneOfKind(Template.fromStack(stack), 'EC2NodeClass');
    expect(obj.spec.instanceProfile).toBe('trino-nodes');
    expect(obj.spec.role).toBeUndefined();
    expectValidCrdObject(obj);
  });

  test('selects subnets and security groups by tags', () => {
    const { obj } = synth({});
    expect(obj.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'analytics' } }]);
    expect(obj.spec.securityGroupSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'analytics' } }]);
    expectValidCrdObject(obj);
  });

  test('selects subnets and security groups by ID', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoNodeClass(stack, 'NodeClass', {
      cluster,
      role: nodeRole(stack),
      subnets: [
        ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-0a', availabilityZone: 'us-west-2a' }),
        ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-0b', availabilityZone: 'us-west-2b' }),
      ],
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123')],
    });
    const obj = oneOfKind(Template.fromStack(stack), 'EC2NodeClass');
    expect(obj.spec.subnetSelectorTerms).toEqual([{ id: 'subnet-0a' }, { id: 'subnet-0b' }]);
    expect(obj.spec.securityGroupSelectorTerms).toEqual([{ id: 'sg-0123' }]);
    expectValidCrdObject(obj);
  });

  test('pins the AMI release', () => {
    const { obj } = synth({ amiVersion: 'v20250715' });
    expect(obj.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@v20250715' }]);
    expectValidCrdObject(obj);
  });

  test('sizes and encrypts the root volume with a customer managed key', () => {
    const { stack, cluster } = importedClusterStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-west-2:123456789012:key/abcd');
    taggedNodeClass(stack, cluster, { rootVolumeSize: Size.gibibytes(500), rootVolumeKey: key });
    const obj = oneOfKind(Template.fromStack(stack), 'EC2NodeClass');
    expect(obj.spec.blockDeviceMappings[0].ebs).toEqual({
      volumeSize: '500Gi',
      volumeType: 'gp3',
      encrypted: true,
      deleteOnTermination: true,
      kmsKeyID: 'arn:aws:kms:us-west-2:123456789012:key/abcd',
    });
    expectValidCrdObject(obj);
  });

  test('sets kubelet.maxPods, tags and the name', () => {
    const { obj, nodeClass } = synth({ kubeletMaxPods: 58, tags: { CostCenter: 'analytics' }, nodeClassName: 'trino' });
    expect(obj.spec.kubelet).toEqual({ maxPods: 58 });
    expect(obj.spec.tags).toEqual({ CostCenter: 'analytics' });
    expect(obj.metadata.name).toBe('trino');
    expect(nodeClass.nodeClassName).toBe('trino');
    expectValidCrdObject(obj);
  });

  test('makes the local NVMe of instance-store types the nodes\' ephemeral storage (instanceStorePolicy RAID0)', () => {
    const { obj, nodeClass } = synth({ instanceStorePolicy: InstanceStorePolicy.RAID0 });
    expect(obj.spec.instanceStorePolicy).toBe('RAID0');
    expect(nodeClass.instanceStorePolicy).toBe(InstanceStorePolicy.RAID0);
    // the root volume stays: the OS lives there
    expect(obj.spec.blockDeviceMappings[0].rootVolume).toBe(true);
    expectValidCrdObject(obj);
  });

  test('is applied after what installs Karpenter', () => {
    const { stack, cluster } = importedClusterStack();
    const chart = cluster.addHelmChart('KarpenterChart', {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter/karpenter',
    });
    taggedNodeClass(stack, cluster, { karpenterDependency: chart });
    const template = Template.fromStack(stack);
    const [id] = manifestIds(template, 'EC2NodeClass');
    const res = template.toJSON().Resources[id];
    expect(res.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/KarpenterChart/)]));
  });

  test('references an existing EC2NodeClass by name without applying one', () => {
    const { stack } = importedClusterStack();
    const existing = TrinoNodeClass.fromNodeClassName(stack, 'Existing', 'default');
    expect(existing.nodeClassName).toBe('default');
    expect(existing.instanceStorePolicy).toBeUndefined();
    expect(manifestIds(Template.fromStack(stack), 'EC2NodeClass')).toEqual([]);
  });

  test('references an existing EC2NodeClass with its instance store policy', () => {
    const { stack } = importedClusterStack();
    const existing = TrinoNodeClass.fromNodeClassAttributes(stack, 'Existing', {
      nodeClassName: 'nvme',
      instanceStorePolicy: InstanceStorePolicy.RAID0,
    });
    expect([existing.nodeClassName, existing.instanceStorePolicy]).toEqual(['nvme', InstanceStorePolicy.RAID0]);
    expect(manifestIds(Template.fromStack(stack), 'EC2NodeClass')).toEqual([]);
  });
});

describe('the conformance validator catches a broken EC2NodeClass', () => {
  test('an instanceStorePolicy other than RAID0 breaks the schema', () => {
    const { stack, cluster } = importedClusterStack();
    const obj = taggedNodeClass(stack, cluster, { instanceStorePolicy: InstanceStorePolicy.RAID0 })._object;
    const broken = JSON.parse(JSON.stringify(obj));
    broken.spec.instanceStorePolicy = 'RAID1';
    expect(validateCrdObject(broken).join('\n')).toMatch(/instanceStorePolicy/);
  });

  test('role and instanceProfile together break a CEL rule', () => {
    const { stack, cluster } = importedClusterStack();
    const obj = taggedNodeClass(stack, cluster)._object;
    const broken = JSON.parse(JSON.stringify(obj));
    broken.spec.instanceProfile = 'x';
    expect(validateCrdObject(broken).join('\n')).toMatch(/exactly one of \['role', 'instanceProfile'\]/);
  });
});

describe('TrinoNodeClass bad input', () => {
  test.each<[string, (s: any) => Partial<TrinoNodeClassProps>, RegExp]>([
    [
      'both role and instanceProfile',
      (s) => ({ instanceProfile: iam.InstanceProfile.fromInstanceProfileName(s, 'P', 'p') }),
      /Give exactly one of `role` and `instanceProfile` for the nodes, got both/,
    ],
    ['neither role nor instanceProfile', () => ({ role: undefined }), /Give exactly one of `role` and `instanceProfile` for the nodes, got neither/],
    ['an AMI version that is not a release', () => ({ amiVersion: 'al2@latest' }), /Invalid `amiVersion` 'al2@latest': use 'latest' or an AL2023 EKS AMI release/],
    ['a root volume below the AMI snapshot', () => ({ rootVolumeSize: Size.gibibytes(10) }), /`rootVolumeSize` must be a whole number of GiB between 20 .* and 16384 .*, got 10 GiB/],
    ['a root volume above the gp3 maximum', () => ({ rootVolumeSize: Size.tebibytes(20) }), /got 20480 GiB/],
    ['a root volume of a fraction of a GiB', () => ({ rootVolumeSize: Size.mebibytes(30000) }), /`rootVolumeSize` must be a whole number of GiB, got 30000 MiB/],
    ['kubeletMaxPods 0', () => ({ kubeletMaxPods: 0 }), /`kubeletMaxPods` must be an integer between 1 and 1024, got: 0/],
    ['a tag key Karpenter sets', () => ({ tags: { 'karpenter.sh/nodepool': 'x' } }), /`tags` cannot use the key 'karpenter.sh\/nodepool'/],
    ['a kubernetes.io/cluster tag', () => ({ tags: { 'kubernetes.io/cluster/analytics': 'owned' } }), /`tags` cannot use the key 'kubernetes.io\/cluster\/analytics'/],
    ['an invalid name', () => ({ nodeClassName: 'Trino_Nodes' }), /Invalid `nodeClassName` 'Trino_Nodes': use at most 63 lowercase letters/],
    [
      'an unknown instance store policy',
      () => ({ instanceStorePolicy: 'RAID1' as InstanceStorePolicy }),
      /Invalid `instanceStorePolicy` "RAID1": use InstanceStorePolicy.RAID0/,
    ],
    ['an empty subnet list', () => ({ subnetTags: undefined, subnets: [] }), /`subnets` must list at least one subnet, got an empty list/],
    ['empty subnet tags', () => ({ subnetTags: {} }), /`subnetTags` must have at least one tag, got none/],
    ['an empty tag value', () => ({ securityGroupTags: { Name: '' } }), /`securityGroupTags` keys and values must not be empty, got 'Name': ''/],
    [
      'no subnets on a cluster without a VPC',
      () => ({ subnetTags: undefined }),
      /TrinoNodeClass needs `subnets` or `subnetTags`: the cluster has no VPC with private subnets/,
    ],
    [
      'no security groups on a cluster without a known cluster security group',
      () => ({ securityGroupTags: undefined }),
      /TrinoNodeClass needs `securityGroups` or `securityGroupTags`: the cluster security group is unknown/,
    ],
  ])('fails with %s', (_name, props, message) => {
    const { stack, cluster } = importedClusterStack();
    expect(() => taggedNodeClass(stack, cluster, props(stack))).toThrow(message);
  });

  test('fails for an invalid name of an existing node class', () => {
    const { stack } = importedClusterStack();
    expect(() => TrinoNodeClass.fromNodeClassName(stack, 'X', '')).toThrow(/Invalid `nodeClassName` ''/);
  });

  test('fails for an unknown instance store policy of an existing node class', () => {
    const { stack } = importedClusterStack();
    expect(() => TrinoNodeClass.fromNodeClassAttributes(stack, 'X', {
      nodeClassName: 'nvme',
      instanceStorePolicy: 'raid0' as InstanceStorePolicy,
    })).toThrow(/Invalid `instanceStorePolicy` "raid0"/);
  });
});
