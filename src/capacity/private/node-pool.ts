// SPDX-License-Identifier: Apache-2.0
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { closedWindowBudgets, describeWindow, parseMaintenanceWindow, ParsedWindow } from './maintenance-window';
import { defaultObjectName, validateObjectName } from './names';
import { InstanceSpec } from '../../config/instance-spec';
import { PodToleration, TrinoRole } from '../../config/placement';
import { TrinoSizing } from '../../config/sizing';
import { TrinoNodeClass } from '../trino-node-class';
import { KarpenterCapacityType, MaintenanceWindow, NodeTaint, TrinoNodePoolOptions } from '../trino-node-pool';

/** Label and taint domains that belong to Kubernetes and Karpenter. */
export const RESERVED_DOMAINS = ['kubernetes.io', 'k8s.io', 'karpenter.sh', 'karpenter.k8s.aws'];
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ZONE_ID = /^[a-z]{2,5}\d+-az\d+$/;
const MAX_NODES = 1000;

/*
 * How Karpenter v1 disrupts the nodes of these pools (kubernetes-sigs/karpenter at v1.14.1, the core of
 * aws/karpenter-provider-aws v1.14.1; aws/karpenter-provider-aws `website/content/en/docs/concepts/disruption.md`):
 *
 * - Drift and emptiness are graceful: rate-limited by `spec.disruption.budgets`, the most restrictive active budget
 *   winning, schedules in UTC (`pkg/apis/v1/nodepool.go`, `GetAllowedDisruptionsByReason`, `IsActive`;
 *   `pkg/controllers/disruption/drift.go`). A node with a `karpenter.sh/do-not-disrupt` pod or a pod whose
 *   PodDisruptionBudget blocks eviction is a drift candidate only when its NodeClaim has a `terminationGracePeriod`
 *   (`pkg/controllers/disruption/types.go`, `NewCandidate`). No replacement is launched ahead for such pods
 *   (`pkg/utils/pdb/pdb.go`, `IsCurrentlyReschedulable`).
 * - Expiration is forceful: the NodeClaim is deleted when `expireAfter` has passed, whatever the budgets
 *   (`pkg/controllers/nodeclaim/expiration/controller.go`).
 * - Either way the drain evicts what it can and waits for the rest until `terminationGracePeriod` runs out; pods that
 *   block eviction are deleted their own `terminationGracePeriodSeconds` before it ends
 *   (`pkg/controllers/node/termination/terminator/terminator.go`, `DeleteExpiringPods`). Without a
 *   `terminationGracePeriod` the drain waits for them forever.
 */

/**
 * Disruption budgets of every Trino pool: empty nodes may all go at once (they run no Trino pod), drifted nodes
 * (new AMI, changed NodePool) are replaced one at a time. Consolidation is WhenEmpty, so Karpenter never moves a
 * running pod to pack nodes. A maintenance window adds `nodes: "0"` budgets for Drifted outside the window.
 * @internal
 */
export const DISRUPTION_BUDGETS = [
  { nodes: '100%', reasons: ['Empty'] },
  { nodes: '1', reasons: ['Drifted'] },
];

/**
 * Pods on a pool's nodes that block eviction (`karpenter.sh/do-not-disrupt`, a `maxUnavailable: 0`
 * PodDisruptionBudget): Karpenter only deletes them when the node's `terminationGracePeriod` runs out.
 * @internal
 */
export interface EvictionBlockingPods {
  /** what they are, for messages: `the coordinator pod` */
  readonly what: string;
  /** their `terminationGracePeriodSeconds` */
  readonly terminationGracePeriod: Duration;
}

/**
 * The coordinator pod's `terminationGracePeriodSeconds`: the Trino chart's default (`coordinator.terminationGracePeriodSeconds`
 * in trino chart 1.42.2 values.yaml), which TrinoCluster does not change.
 * @internal
 */
export const COORDINATOR_POD_TERMINATION_GRACE_PERIOD = Duration.seconds(30);

/**
 * What a pool construct sets before the user's props apply.
 * @internal
 */
export interface NodePoolDefaults {
  /** construct name, for messages */
  readonly constructName: string;
  readonly role: TrinoRole;
  readonly capacityTypes: KarpenterCapacityType[];
  readonly instanceTypes: string[];
  readonly maxNodes: number;
  readonly nodeLabels: { [key: string]: string };
  readonly taint: NodeTaint;
  readonly consolidateAfter: Duration;
  /** undefined: `Never` */
  readonly expireAfter?: Duration;
  readonly terminationGracePeriod: Duration;
  /** undefined: drifted nodes are replaced at any time */
  readonly maintenanceWindow?: MaintenanceWindow;
  /** pods that only leave when `terminationGracePeriod` runs out */
  readonly blockingPods?: EvictionBlockingPods;
}

/**
 * A rendered NodePool and what the Trino pods need to run on it.
 * @internal
 */
export interface RenderedNodePool {
  readonly nodePoolName: string;
  readonly zone: string;
  readonly instanceTypes: ec2.InstanceType[];
  readonly maxNodes: number;
  readonly nodeSelector: { [key: string]: string };
  readonly tolerations: PodToleration[];
  readonly terminationGracePeriod: Duration;
  readonly maintenanceWindow?: MaintenanceWindow;
  /** the NodePool object */
  readonly object: { [key: string]: any };
  readonly manifest: eks.KubernetesManifest;
}

/**
 * Validates the props of a Trino pool and applies its `karpenter.sh/v1` NodePool.
 * @internal
 */
export function createNodePool(scope: Construct, props: TrinoNodePoolOptions, d: NodePoolDefaults): RenderedNodePool {
  const nodePoolName = props.nodePoolName ?? defaultObjectName(scope);
  validateObjectName('nodePoolName', nodePoolName);

  const specs = instanceSpecs(props.instanceTypes?.map((t) => t.toString()) ?? d.instanceTypes);
  const maxNodes = props.maxNodes ?? d.maxNodes;
  if (!Token.isUnresolved(maxNodes) && (!Number.isInteger(maxNodes) || maxNodes < 1 || maxNodes > MAX_NODES)) {
    throw new Error(`\`maxNodes\` must be an integer between 1 and ${MAX_NODES}, got: ${maxNodes}.`);
  }
  const zone = resolveZone(scope, props, d.constructName);

  const nodeLabels = props.nodeLabels ?? d.nodeLabels;
  if (Object.keys(nodeLabels).length === 0) {
    throw new Error('`nodeLabels` must have at least one label: the Trino pods select the pool\'s nodes by it.');
  }
  for (const [key, value] of Object.entries(nodeLabels)) {
    validateKey('nodeLabels', 'label key', key);
    validateValue(`\`nodeLabels\` value of '${key}'`, value);
  }
  const taint = props.taint ?? d.taint;
  validateKey('taint', 'key', taint.key);
  if (taint.value !== undefined) validateValue('`taint` value', taint.value);
  const effect = taintEffect(taint.effect ?? eks.TaintEffect.NO_SCHEDULE);

  const consolidateAfter = karpenterDuration('consolidateAfter', props.consolidateAfter ?? d.consolidateAfter, 0);
  const expireAfterProp = props.expireAfter ?? d.expireAfter;
  const expireAfter = expireAfterProp ? karpenterDuration('expireAfter', expireAfterProp, 1) : 'Never';
  const terminationGracePeriod = props.terminationGracePeriod ?? d.terminationGracePeriod;
  const tgp = karpenterDuration('terminationGracePeriod', terminationGracePeriod, 1);
  const maintenanceWindow = props.maintenanceWindow ?? d.maintenanceWindow;
  const parsedWindow = maintenanceWindow ? parseMaintenanceWindow('maintenanceWindow', maintenanceWindow) : undefined;
  if (d.blockingPods) checkBlockingPods(d.blockingPods, terminationGracePeriod, maintenanceWindow, parsedWindow);

  const maxVcpus = Math.max(...specs.map((s) => s.vcpus));
  const maxMemoryGib = Math.max(...specs.map((s) => s.memory.toGibibytes()));
  const architectures = [...new Set(specs.map((s) => kubernetesArch(s.architecture)))];

  const object = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: {
      name: nodePoolName,
      labels: { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/component': d.role },
    },
    spec: {
      template: {
        metadata: { labels: { ...nodeLabels } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: props.nodeClass.nodeClassName },
          requirements: [
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...d.capacityTypes] },
            { key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] },
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: specs.map((s) => s.instanceType) },
            { key: 'kubernetes.io/arch', operator: 'In', values: architectures },
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          ],
          taints: [{ key: taint.key, ...(taint.value !== undefined ? { value: taint.value } : {}), effect }],
          expireAfter,
          terminationGracePeriod: tgp,
        },
      },
      limits: { cpu: maxNodes * maxVcpus, memory: `${maxNodes * maxMemoryGib}Gi` },
      disruption: {
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter,
        budgets: [
          ...DISRUPTION_BUDGETS.map((b) => ({ ...b, reasons: [...b.reasons] })),
          ...(parsedWindow ? closedWindowBudgets(parsedWindow) : []),
        ],
      },
    },
  };

  const manifest = new eks.KubernetesManifest(scope, 'Resource', { cluster: props.cluster, manifest: [object] });
  manifest.node.addDependency(props.nodeClass);
  if (props.karpenterDependency) manifest.node.addDependency(props.karpenterDependency);

  const nodeSelector: { [key: string]: string } = { ...nodeLabels, 'karpenter.sh/nodepool': nodePoolName };
  if (d.capacityTypes.length === 1) nodeSelector['karpenter.sh/capacity-type'] = d.capacityTypes[0];
  const tolerations: PodToleration[] = [
    taint.value !== undefined
      ? { key: taint.key, operator: 'Equal', value: taint.value, effect }
      : { key: taint.key, operator: 'Exists', effect },
  ];

  if (props.nodeClass instanceof TrinoNodeClass) checkSubnetZone(zone, props.nodeClass);

  return {
    nodePoolName,
    zone,
    instanceTypes: specs.map((s) => new ec2.InstanceType(s.instanceType)),
    maxNodes,
    nodeSelector,
    tolerations,
    terminationGracePeriod,
    maintenanceWindow,
    object,
    manifest,
  };
}

/**
 * Pods that block eviction leave only when the node's terminationGracePeriod runs out: it must leave them their own
 * terminationGracePeriodSeconds (Karpenter deletes them that long before the end, so a shorter one deletes them as
 * soon as the drain starts), and end inside the maintenance window when Karpenter starts at its opening.
 */
function checkBlockingPods(
  pods: EvictionBlockingPods,
  tgp: Duration,
  maintenanceWindow: MaintenanceWindow | undefined,
  parsed: ParsedWindow | undefined,
) {
  const seconds = tgp.toSeconds();
  if (seconds < pods.terminationGracePeriod.toSeconds()) {
    throw new Error(
      `\`terminationGracePeriod\` (${tgp.toHumanString()}) must be at least ${pods.what}'s ` +
        `terminationGracePeriodSeconds (${pods.terminationGracePeriod.toSeconds()}): ${pods.what} blocks eviction, ` +
        'so Karpenter deletes it that long before the node\'s terminationGracePeriod runs out; a shorter one deletes ' +
        'it as soon as the node starts draining.',
    );
  }
  if (maintenanceWindow && parsed && seconds >= parsed.minutes * 60) {
    throw new Error(
      `\`terminationGracePeriod\` (${tgp.toHumanString()}) must be shorter than \`maintenanceWindow.duration\` ` +
        `(${maintenanceWindow.duration.toHumanString()}, ${describeWindow(parsed)}): Karpenter starts replacing the ` +
        `node inside the window but stops ${pods.what} only shortly before terminationGracePeriod runs out, so its ` +
        'restart would fall outside the window even when Karpenter starts at the opening.',
    );
  }
}

function instanceSpecs(names: string[]): InstanceSpec[] {
  const unique = [...new Set(names)];
  if (unique.length === 0) {
    throw new Error(
      '`instanceTypes` must list at least one instance type, got none: Karpenter would have no instance type to ' +
        'launch.',
    );
  }
  return unique.map((name) => {
    if (Token.isUnresolved(name)) {
      throw new Error('`instanceTypes` must be literal instance type names (they size the Trino pods), got a token.');
    }
    try {
      return TrinoSizing.instanceSpec(new ec2.InstanceType(name));
    } catch {
      throw new Error(
        `\`instanceTypes\` includes '${name}', which is not in the TrinoSizing table; allowed: ` +
          `${families()} from xlarge to 16xlarge.`,
      );
    }
  });
}

function families(): string {
  return [...new Set(TrinoSizing.supportedInstanceTypes().map((t) => t.split('.')[0]))].join(', ');
}

function resolveZone(scope: Construct, props: TrinoNodePoolOptions, constructName: string): string {
  let subnetZone: string | undefined;
  if (props.subnet) {
    try {
      subnetZone = props.subnet.availabilityZone;
    } catch {
      throw new Error(
        `The availability zone of \`subnet\` '${props.subnet.subnetId}' is unknown: import it with ` +
          'ec2.Subnet.fromSubnetAttributes({ subnetId, availabilityZone }) or set `zone`.',
      );
    }
  }
  if (props.zone !== undefined) {
    const zone = props.zone;
    if (Token.isUnresolved(zone)) return zone;
    if (zone.trim() === '') {
      throw new Error(
        '`zone` must not be empty: give the availability zone of the Trino nodes, such as \'us-west-2a\' ' +
          '(or `subnet`).',
      );
    }
    if (ZONE_ID.test(zone)) {
      throw new Error(
        `\`zone\` '${zone}' is a zone ID; Karpenter's topology.kubernetes.io/zone label holds zone names, such as ` +
          '\'us-west-2a\'.',
      );
    }
    if (zone.length > 63 || !LABEL_VALUE.test(zone)) {
      throw new Error(`Invalid \`zone\` '${zone}': use an availability zone name, such as 'us-west-2a'.`);
    }
    const region = Stack.of(scope).region;
    if (!Token.isUnresolved(region) && !zone.startsWith(`${region}`)) {
      throw new Error(`\`zone\` '${zone}' is not in the stack's region '${region}'.`);
    }
    if (subnetZone !== undefined && !Token.isUnresolved(subnetZone) && subnetZone !== zone) {
      throw new Error(`\`zone\` '${zone}' and the zone of \`subnet\` ('${subnetZone}') differ; give one of them.`);
    }
    return zone;
  }
  if (subnetZone !== undefined) return subnetZone;
  let vpcSubnets: ec2.ISubnet[] = [];
  try {
    vpcSubnets = props.cluster.vpc.privateSubnets;
  } catch {
    vpcSubnets = [];
  }
  if (vpcSubnets.length === 0) {
    throw new Error(
      `${constructName} needs \`zone\` (or \`subnet\`): the cluster has no VPC with private subnets to take the zone ` +
        'from. Give the availability zone of the Trino nodes, such as \'us-west-2a\'.',
    );
  }
  return vpcSubnets[0].availabilityZone;
}

/** A node class that selects its subnets by ID must have one in the pool's zone, or Karpenter cannot launch. */
function checkSubnetZone(zone: string, nodeClass: TrinoNodeClass) {
  const zones = nodeClass._subnetZones;
  // 'dummy…' zones are CDK's placeholders until the AZ context lookup has run
  const placeholder = zone.startsWith('dummy') || (zones ?? []).some((z) => z.startsWith('dummy'));
  if (!zones || Token.isUnresolved(zone) || placeholder) return;
  if (!zones.includes(zone)) {
    throw new Error(
      `\`zone\` '${zone}' has no subnet in the node class '${nodeClass.nodeClassName}' (its subnets are in ` +
        `${zones.join(', ')}): Karpenter could not launch nodes. Use one of those zones or add a subnet in '${zone}'.`,
    );
  }
}

function validateKey(prop: string, what: string, key: string) {
  if (Token.isUnresolved(key)) return;
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  if (!QUALIFIED_NAME.test(key) || name.length > 63 || prefix.length > 253) {
    throw new Error(
      `Invalid \`${prop}\` ${what} '${key}': use a qualified name, an optional DNS prefix and '/' then at most 63 ` +
        'letters, digits, \'-\', \'_\' or \'.\' (for example \'trino.io/role\').',
    );
  }
  const reserved = RESERVED_DOMAINS.find((d) => prefix.endsWith(d));
  if (reserved) {
    throw new Error(
      `Invalid \`${prop}\` ${what} '${key}': the domain '${prefix}' is reserved for Kubernetes and Karpenter ` +
        `(reserved: ${RESERVED_DOMAINS.join(', ')} and their subdomains); use your own, such as 'trino.io/role'.`,
    );
  }
}

function validateValue(what: string, value: string) {
  if (Token.isUnresolved(value)) return;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new Error(
      `Invalid ${what} '${value}': use at most 63 letters, digits, '-', '_' or '.', starting and ` +
        'ending with a letter or digit.',
    );
  }
}

function taintEffect(effect: eks.TaintEffect): string {
  switch (effect) {
    case eks.TaintEffect.NO_SCHEDULE:
      return 'NoSchedule';
    case eks.TaintEffect.PREFER_NO_SCHEDULE:
      return 'PreferNoSchedule';
    case eks.TaintEffect.NO_EXECUTE:
      return 'NoExecute';
    default:
      throw new Error(
        `Invalid \`taint\` effect '${effect}': use eks.TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE.`,
      );
  }
}

function kubernetesArch(arch: ec2.InstanceArchitecture): string {
  return arch === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'amd64';
}

/**
 * A Duration in Karpenter's format (`720h`, `5m`, `90s`).
 * @internal
 */
export function karpenterDuration(prop: string, d: Duration, minSeconds: number): string {
  let seconds: number;
  try {
    seconds = d.toSeconds();
  } catch {
    throw new Error(`\`${prop}\` must be a whole number of seconds, got ${d.toHumanString()}.`);
  }
  if (Token.isUnresolved(seconds)) {
    throw new Error(`\`${prop}\` must be a literal duration, got a token.`);
  }
  if (seconds < minSeconds) {
    const unit = minSeconds === 1 ? 'second' : 'seconds';
    throw new Error(`\`${prop}\` must be at least ${minSeconds} ${unit}, got ${d.toHumanString()}.`);
  }
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
