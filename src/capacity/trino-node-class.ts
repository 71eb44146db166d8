// SPDX-License-Identifier: Apache-2.0
import { Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct, IDependable } from 'constructs';
import { defaultObjectName, validateObjectName } from './private/names';

/**
 * How Karpenter uses the local NVMe instance store of the instance types that have one (EC2NodeClass
 * `instanceStorePolicy`).
 */
export enum InstanceStorePolicy {
  /**
   * The instance store volumes form one RAID0 array that holds the kubelet's and containerd's directories: the node's
   * ephemeral storage (emptyDir volumes, container layers and logs) is the local NVMe, and Karpenter counts its full
   * size as the node's ephemeral-storage capacity. Instance types without instance store keep the root volume.
   */
  RAID0 = 'RAID0',
}

/**
 * A Karpenter EC2NodeClass (`karpenter.k8s.aws/v1`) that Trino node pools launch their nodes with.
 */
export interface ITrinoNodeClass extends IConstruct {
  /** Name of the EC2NodeClass (cluster-scoped). */
  readonly nodeClassName: string;

  /**
   * How the nodes use their local NVMe instance store. Undefined: Karpenter ignores the instance store and the
   * node's ephemeral storage is its root volume (or the policy of an imported EC2NodeClass is unknown).
   */
  readonly instanceStorePolicy?: InstanceStorePolicy;
}

/**
 * Attributes of an EC2NodeClass that already exists on the cluster.
 */
export interface TrinoNodeClassAttributes {
  /** Name of the EC2NodeClass. */
  readonly nodeClassName: string;

  /**
   * The `instanceStorePolicy` the EC2NodeClass sets. Give `InstanceStorePolicy.RAID0` only when it does: TrinoCluster
   * then places the file system cache on the nodes' ephemeral storage, believing it is the local NVMe.
   *
   * @default - none: the nodes' ephemeral storage is their root volume
   */
  readonly instanceStorePolicy?: InstanceStorePolicy;
}

/**
 * Properties of a TrinoNodeClass.
 */
export interface TrinoNodeClassProps {
  /**
   * The EKS cluster. Karpenter (v1 API) must run on it.
   */
  readonly cluster: eks.ICluster;

  /**
   * Name of the EC2NodeClass: a DNS label of at most 63 characters.
   *
   * @default - a unique name derived from the construct path
   */
  readonly nodeClassName?: string;

  /**
   * IAM role of the nodes. Karpenter creates an instance profile for it; the role needs the EKS worker-node policies
   * and must be allowed to join the cluster (an `EC2_LINUX` access entry or an aws-auth mapping) and to be passed by
   * the Karpenter controller. Installations of Karpenter (the eks-blueprints `KarpenterV1AddOn`, the
   * terraform-aws-eks `karpenter` module) create such a role. Give exactly one of `role` and `instanceProfile`.
   *
   * @default - `instanceProfile`
   */
  readonly role?: iam.IRole;

  /**
   * An existing instance profile for the nodes, instead of `role`.
   *
   * @default - `role`
   */
  readonly instanceProfile?: iam.IInstanceProfile;

  /**
   * Subnets the nodes may be launched in, selected by ID. Each node pool picks the subnet in its zone.
   *
   * @default - `subnetTags`, or the private subnets of the cluster's VPC when neither is given
   */
  readonly subnets?: ec2.ISubnet[];

  /**
   * Subnets the nodes may be launched in, selected by tags (for example `{ 'karpenter.sh/discovery': 'my-cluster' }`).
   *
   * @default - `subnets`, or the private subnets of the cluster's VPC when neither is given
   */
  readonly subnetTags?: { [key: string]: string };

  /**
   * Security groups of the nodes, selected by ID.
   *
   * @default - `securityGroupTags`, or the cluster security group when neither is given
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Security groups of the nodes, selected by tags.
   *
   * @default - `securityGroups`, or the cluster security group when neither is given
   */
  readonly securityGroupTags?: { [key: string]: string };

  /**
   * Version of the Amazon Linux 2023 EKS AMI: `latest`, or a release such as `v20250715` to pin it. Karpenter
   * replaces nodes (drift) when the AMI it resolves changes.
   *
   * @default 'latest'
   */
  readonly amiVersion?: string;

  /**
   * Size of the encrypted gp3 root volume. Trino spills to it when spilling is on, and container images live there.
   *
   * @default Size.gibibytes(100)
   */
  readonly rootVolumeSize?: Size;

  /**
   * KMS key that encrypts the root volume.
   *
   * @default - the AWS managed key for EBS (`aws/ebs`)
   */
  readonly rootVolumeKey?: kms.IKey;

  /**
   * The most pods the kubelet of a node runs (`kubelet.maxPods`). A Trino node runs one Trino pod and the DaemonSets
   * that tolerate its taint. It does not change the sizing: on Amazon Linux 2023 the kubelet's memory reservation
   * follows the instance type's ENI-limited pod count whatever `maxPods` says, and so does Karpenter's model of the
   * node (`UsesENILimitedMemoryOverhead`), which TrinoSizing follows (see `InstanceSpec.eniLimitedPods`).
   *
   * @default 110
   */
  readonly kubeletMaxPods?: number;

  /**
   * How Karpenter uses the local NVMe instance store of the instance types that have one (the `d` families such as
   * r8gd, m7gd). With `InstanceStorePolicy.RAID0` the node's ephemeral storage (emptyDir volumes, container images and
   * logs) is the local NVMe instead of the root volume: what `TrinoCluster`'s `fileSystemCache` needs. Instance types
   * without instance store are unaffected.
   *
   * @default - none: Karpenter ignores the instance store
   */
  readonly instanceStorePolicy?: InstanceStorePolicy;

  /**
   * Tags on the EC2 instances, volumes and network interfaces Karpenter launches (for cost allocation).
   *
   * @default - only the tags Karpenter adds
   */
  readonly tags?: { [key: string]: string };

  /**
   * What installs Karpenter and its CRDs (for example the Karpenter Helm chart). The EC2NodeClass is applied after it.
   *
   * @default - no dependency: Karpenter's CRDs must already be installed on the cluster
   */
  readonly karpenterDependency?: IDependable;
}

/** Tag keys the EC2NodeClass CRD refuses (its CEL rules). */
const RESERVED_TAGS = [
  'eks:eks-cluster-name',
  'karpenter.sh/nodepool',
  'karpenter.sh/nodeclaim',
  'karpenter.k8s.aws/ec2nodeclass',
];
const MIN_ROOT_GIB = 20;
const MAX_ROOT_GIB = 16384;

/**
 * A Karpenter EC2NodeClass for Trino nodes: Amazon Linux 2023, an encrypted gp3 root volume, IMDSv2 with a hop
 * limit of 1 (pods cannot reach the instance metadata), and `kubelet.maxPods` 110 (the kubelet's default). The
 * `SpotWorkerPool` and the `CoordinatorPool` can share one. With `instanceStorePolicy: InstanceStorePolicy.RAID0`,
 * the local NVMe of instance types that have one (r8gd, m7gd, ...) becomes the nodes' ephemeral storage, where
 * `TrinoCluster`'s `fileSystemCache` keeps its files.
 *
 * @example
 * declare const cluster: eks.Cluster;
 * // the node role your Karpenter installation created
 * const nodeRole = iam.Role.fromRoleName(this, 'KarpenterNodeRole', 'KarpenterNodeRole-analytics');
 * new trino.TrinoNodeClass(this, 'NodeClass', { cluster, role: nodeRole });
 */
export class TrinoNodeClass extends Construct implements ITrinoNodeClass {
  /** Default size of the root volume. */
  public static readonly DEFAULT_ROOT_VOLUME_SIZE = Size.gibibytes(100);
  /** Default `kubelet.maxPods`: the kubelet's own default. */
  public static readonly DEFAULT_KUBELET_MAX_PODS = 110;

  /**
   * References an EC2NodeClass that already exists on the cluster.
   */
  public static fromNodeClassName(scope: Construct, id: string, nodeClassName: string): ITrinoNodeClass {
    return TrinoNodeClass.fromNodeClassAttributes(scope, id, { nodeClassName });
  }

  /**
   * References an EC2NodeClass that already exists on the cluster, with what the library needs to know about it.
   */
  public static fromNodeClassAttributes(scope: Construct, id: string, attrs: TrinoNodeClassAttributes): ITrinoNodeClass {
    validateObjectName('nodeClassName', attrs.nodeClassName);
    const policy = validatePolicy(attrs.instanceStorePolicy);
    class Import extends Construct implements ITrinoNodeClass {
      public readonly nodeClassName = attrs.nodeClassName;
      public readonly instanceStorePolicy = policy;
    }
    return new Import(scope, id);
  }

  /** Name of the EC2NodeClass. */
  public readonly nodeClassName: string;
  /** How the nodes use their local NVMe instance store; undefined: Karpenter ignores it. */
  public readonly instanceStorePolicy?: InstanceStorePolicy;
  /** The manifest that applies the EC2NodeClass. */
  public readonly manifest: eks.KubernetesManifest;

  /** @internal availability zones of the subnets selected by ID, when all are known */
  public readonly _subnetZones?: string[];
  /** @internal the EC2NodeClass object, for tests and docs */
  public readonly _object: { [key: string]: any };

  constructor(scope: Construct, id: string, props: TrinoNodeClassProps) {
    super(scope, id);
    this.nodeClassName = props.nodeClassName ?? defaultObjectName(this);
    validateObjectName('nodeClassName', this.nodeClassName);

    if ((props.role === undefined) === (props.instanceProfile === undefined)) {
      throw new Error(
        `Give exactly one of \`role\` and \`instanceProfile\` for the nodes, got ${
          props.role ? 'both' : 'neither'
        }: Karpenter needs the node IAM role (it creates the instance profile) or an existing instance profile.`,
      );
    }

    const amiVersion = props.amiVersion ?? 'latest';
    if (!Token.isUnresolved(amiVersion) && !/^(latest|v\d{8})$/.test(amiVersion)) {
      throw new Error(
        `Invalid \`amiVersion\` '${amiVersion}': use 'latest' or an AL2023 EKS AMI release such as 'v20250715'.`,
      );
    }

    const rootSize = props.rootVolumeSize ?? TrinoNodeClass.DEFAULT_ROOT_VOLUME_SIZE;
    let rootGib: number;
    try {
      rootGib = rootSize.toGibibytes();
    } catch {
      throw new Error(`\`rootVolumeSize\` must be a whole number of GiB, got ${rootSize.toMebibytes()} MiB.`);
    }
    const rootInRange = Number.isInteger(rootGib) && rootGib >= MIN_ROOT_GIB && rootGib <= MAX_ROOT_GIB;
    if (!Token.isUnresolved(rootGib) && !rootInRange) {
      throw new Error(
        `\`rootVolumeSize\` must be a whole number of GiB between ${MIN_ROOT_GIB} (the AL2023 AMI's snapshot) and ` +
          `${MAX_ROOT_GIB} (the gp3 maximum), got ${rootGib} GiB.`,
      );
    }

    const maxPods = props.kubeletMaxPods ?? TrinoNodeClass.DEFAULT_KUBELET_MAX_PODS;
    if (!Token.isUnresolved(maxPods) && (!Number.isInteger(maxPods) || maxPods < 1 || maxPods > 1024)) {
      throw new Error(`\`kubeletMaxPods\` must be an integer between 1 and 1024, got: ${maxPods}.`);
    }

    for (const key of Object.keys(props.tags ?? {})) {
      if (key === '' || RESERVED_TAGS.includes(key) || key.startsWith('kubernetes.io/cluster')) {
        throw new Error(
          `\`tags\` cannot use the key '${key}': Karpenter and EKS set it (reserved: ${RESERVED_TAGS.join(', ')}, ` +
            'kubernetes.io/cluster/*).',
        );
      }
    }

    this.instanceStorePolicy = validatePolicy(props.instanceStorePolicy);

    const subnetTerms = this.subnetTerms(props);
    this._subnetZones = subnetZones(props.subnets ?? (props.subnetTags ? undefined : tryPrivateSubnets(props.cluster)));
    const securityGroupTerms = this.securityGroupTerms(props);

    const spec: { [key: string]: any } = {
      amiSelectorTerms: [{ alias: `al2023@${amiVersion}` }],
      ...(props.role ? { role: props.role.roleName } : { instanceProfile: props.instanceProfile!.instanceProfileName }),
      subnetSelectorTerms: subnetTerms,
      securityGroupSelectorTerms: securityGroupTerms,
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          rootVolume: true,
          ebs: {
            volumeSize: `${rootGib}Gi`,
            volumeType: 'gp3',
            encrypted: true,
            deleteOnTermination: true,
            ...(props.rootVolumeKey ? { kmsKeyID: props.rootVolumeKey.keyArn } : {}),
          },
        },
      ],
      ...(this.instanceStorePolicy ? { instanceStorePolicy: this.instanceStorePolicy } : {}),
      kubelet: { maxPods },
      // IMDSv2 only, and a hop limit of 1 so that pods cannot use the node role's credentials.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: 1,
        httpTokens: 'required',
      },
      ...(props.tags && Object.keys(props.tags).length > 0 ? { tags: { ...props.tags } } : {}),
    };
    this._object = {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: this.nodeClassName, labels: { 'app.kubernetes.io/part-of': 'trino' } },
      spec,
    };
    this.manifest = new eks.KubernetesManifest(this, 'Resource', {
      cluster: props.cluster,
      manifest: [this._object],
    });
    if (props.karpenterDependency) this.manifest.node.addDependency(props.karpenterDependency);
  }

  private subnetTerms(props: TrinoNodeClassProps): Array<{ [key: string]: any }> {
    if (props.subnets && props.subnets.length === 0 && !props.subnetTags) {
      throw new Error('`subnets` must list at least one subnet, got an empty list.');
    }
    const terms: Array<{ [key: string]: any }> = [];
    for (const s of props.subnets ?? []) terms.push({ id: s.subnetId });
    if (props.subnetTags) terms.push({ tags: validateTags('subnetTags', props.subnetTags) });
    if (terms.length > 0) return terms;
    const privateSubnets = tryPrivateSubnets(props.cluster);
    if (!privateSubnets || privateSubnets.length === 0) {
      throw new Error(
        'TrinoNodeClass needs `subnets` or `subnetTags`: the cluster has no VPC with private subnets to default to ' +
          '(imported clusters need `vpc` in their attributes).',
      );
    }
    return privateSubnets.map((s) => ({ id: s.subnetId }));
  }

  private securityGroupTerms(props: TrinoNodeClassProps): Array<{ [key: string]: any }> {
    const terms: Array<{ [key: string]: any }> = [];
    for (const g of props.securityGroups ?? []) terms.push({ id: g.securityGroupId });
    if (props.securityGroupTags) terms.push({ tags: validateTags('securityGroupTags', props.securityGroupTags) });
    if (terms.length > 0) return terms;
    let clusterSg: string | undefined;
    try {
      clusterSg = props.cluster.clusterSecurityGroupId;
    } catch {
      clusterSg = undefined;
    }
    if (!clusterSg) {
      throw new Error(
        'TrinoNodeClass needs `securityGroups` or `securityGroupTags`: the cluster security group is unknown ' +
          '(imported clusters need `clusterSecurityGroupId` in their attributes).',
      );
    }
    return [{ id: clusterSg }];
  }
}

function validatePolicy(policy: InstanceStorePolicy | undefined): InstanceStorePolicy | undefined {
  if (policy !== undefined && !Object.values(InstanceStorePolicy).includes(policy)) {
    throw new Error(
      `Invalid \`instanceStorePolicy\` ${JSON.stringify(policy)}: use InstanceStorePolicy.RAID0 (the only policy ` +
        'Karpenter v1 knows), or leave it unset to ignore the instance store.',
    );
  }
  return policy;
}

function validateTags(prop: string, tags: { [key: string]: string }): { [key: string]: string } {
  const entries = Object.entries(tags);
  if (entries.length === 0) throw new Error(`\`${prop}\` must have at least one tag, got none.`);
  for (const [k, v] of entries) {
    if (k === '' || v === '') {
      throw new Error(`\`${prop}\` keys and values must not be empty, got '${k}': '${v}'.`);
    }
  }
  return { ...tags };
}

function tryPrivateSubnets(cluster: eks.ICluster): ec2.ISubnet[] | undefined {
  try {
    return cluster.vpc.privateSubnets;
  } catch {
    return undefined;
  }
}

/** The zones of subnets, when every one is known at synth time. */
function subnetZones(subnets: ec2.ISubnet[] | undefined): string[] | undefined {
  if (!subnets || subnets.length === 0) return undefined;
  const zones: string[] = [];
  for (const s of subnets) {
    let az: string;
    try {
      az = s.availabilityZone;
    } catch {
      return undefined;
    }
    if (!az || Token.isUnresolved(az)) return undefined;
    zones.push(az);
  }
  return [...new Set(zones)];
}
