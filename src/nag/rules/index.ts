// SPDX-License-Identifier: Apache-2.0
// The rules of TrinoChecks, in report order. Internal: rule functions are not part of the jsii API.
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';
import allowInsecureOverHttp, { metadata as allowInsecureOverHttpMeta } from './allow-insecure-over-http';
import authenticationWithoutTls, { metadata as authenticationWithoutTlsMeta } from './authentication-without-tls';
import bucketEncryption, { metadata as bucketEncryptionMeta } from './bucket-encryption';
import bucketTlsOnly, { metadata as bucketTlsOnlyMeta } from './bucket-tls-only';
import coordinatorDoNotDisrupt, { metadata as coordinatorDoNotDisruptMeta } from './coordinator-do-not-disrupt';
import coordinatorNotWorker, { metadata as coordinatorNotWorkerMeta } from './coordinator-not-worker';
import coordinatorOnDemand, { metadata as coordinatorOnDemandMeta } from './coordinator-on-demand';
import endpointWithoutAuthentication, { metadata as endpointWithoutAuthenticationMeta } from './endpoint-without-authentication';
import endpointWithoutNetworkPolicy, { metadata as endpointWithoutNetworkPolicyMeta } from './endpoint-without-network-policy';
import exchangeBucketAbortMultipart, { metadata as exchangeBucketAbortMultipartMeta } from './exchange-bucket-abort-multipart';
import exchangeBucketExpiration, { metadata as exchangeBucketExpirationMeta } from './exchange-bucket-expiration';
import fileSystemCacheOnRootVolume, { metadata as fileSystemCacheOnRootVolumeMeta } from './file-system-cache-on-root-volume';
import fileSystemCacheWithoutInstanceStore, { metadata as fileSystemCacheWithoutInstanceStoreMeta } from './file-system-cache-without-instance-store';
import gracefulShutdownWhenScaling, { metadata as gracefulShutdownWhenScalingMeta } from './graceful-shutdown-when-scaling';
import heapAtMost256G, { metadata as heapAtMost256GMeta } from './heap-at-most-256g';
import heapHeadroom, { metadata as heapHeadroomMeta } from './heap-headroom';
import heapShareOfContainer, { metadata as heapShareOfContainerMeta } from './heap-share-of-container';
import internetFacingWithoutSourceCidrs, { metadata as internetFacingWithoutSourceCidrsMeta } from './internet-facing-without-source-cidrs';
import literalSecret, { metadata as literalSecretMeta } from './literal-secret';
import noBroadIamPolicies, { metadata as noBroadIamPoliciesMeta } from './no-broad-iam-policies';
import queryMemoryPerNode, { metadata as queryMemoryPerNodeMeta } from './query-memory-per-node';
import queryMemoryPerNodeLow, { metadata as queryMemoryPerNodeLowMeta } from './query-memory-per-node-low';
import retryPolicyHasExchange, { metadata as retryPolicyHasExchangeMeta } from './retry-policy-has-exchange';
import scaleToZeroRequiredWorkers, { metadata as scaleToZeroRequiredWorkersMeta } from './scale-to-zero-required-workers';
import scaledObjectCooldown, { metadata as scaledObjectCooldownMeta } from './scaled-object-cooldown';
import scaledObjectTarget, { metadata as scaledObjectTargetMeta } from './scaled-object-target';
import singleZone, { metadata as singleZoneMeta } from './single-zone';
import spotWorkersRetryPolicy, { metadata as spotWorkersRetryPolicyMeta } from './spot-workers-retry-policy';
import unresolvedValues, { metadata as unresolvedValuesMeta } from './unresolved-values';
import workerDisruptionBudget, { metadata as workerDisruptionBudgetMeta } from './worker-disruption-budget';
import workerOnePodPerNode, { metadata as workerOnePodPerNodeMeta } from './worker-one-pod-per-node';
import workerReplicasWithScaler, { metadata as workerReplicasWithScalerMeta } from './worker-replicas-with-scaler';
import workerRequestsEqualLimits, { metadata as workerRequestsEqualLimitsMeta } from './worker-requests-equal-limits';
import workerToleratesPoolTaints, { metadata as workerToleratesPoolTaintsMeta } from './worker-tolerates-pool-taints';
import workersOnSpot, { metadata as workersOnSpotMeta } from './workers-on-spot';
import { TrinoRuleMetadata } from '../private/findings';

/** A rule and what the pack reports about it. */
export interface TrinoRule {
  readonly metadata: TrinoRuleMetadata;
  readonly rule: (node: CfnResource) => NagRuleResult;
}

/** A topic of docs/rules.md and its rules. */
export interface TrinoRuleGroup {
  readonly topic: string;
  readonly rules: TrinoRule[];
}

export const TRINO_RULE_GROUPS: TrinoRuleGroup[] = [
  {
    topic: 'Coordinator',
    rules: [
      { metadata: coordinatorOnDemandMeta, rule: coordinatorOnDemand },
      { metadata: coordinatorNotWorkerMeta, rule: coordinatorNotWorker },
      { metadata: coordinatorDoNotDisruptMeta, rule: coordinatorDoNotDisrupt },
    ],
  },
  {
    topic: 'Workers',
    rules: [
      { metadata: workerOnePodPerNodeMeta, rule: workerOnePodPerNode },
      { metadata: workerRequestsEqualLimitsMeta, rule: workerRequestsEqualLimits },
      { metadata: workerToleratesPoolTaintsMeta, rule: workerToleratesPoolTaints },
      { metadata: workerDisruptionBudgetMeta, rule: workerDisruptionBudget },
    ],
  },
  {
    topic: 'Memory',
    rules: [
      { metadata: heapShareOfContainerMeta, rule: heapShareOfContainer },
      { metadata: heapAtMost256GMeta, rule: heapAtMost256G },
      { metadata: queryMemoryPerNodeMeta, rule: queryMemoryPerNode },
      { metadata: queryMemoryPerNodeLowMeta, rule: queryMemoryPerNodeLow },
      { metadata: heapHeadroomMeta, rule: heapHeadroom },
    ],
  },
  {
    topic: 'Fault tolerance',
    rules: [
      { metadata: retryPolicyHasExchangeMeta, rule: retryPolicyHasExchange },
      { metadata: spotWorkersRetryPolicyMeta, rule: spotWorkersRetryPolicy },
      { metadata: exchangeBucketExpirationMeta, rule: exchangeBucketExpiration },
      { metadata: exchangeBucketAbortMultipartMeta, rule: exchangeBucketAbortMultipart },
    ],
  },
  {
    topic: 'Autoscaling',
    rules: [
      { metadata: scaledObjectTargetMeta, rule: scaledObjectTarget },
      { metadata: scaledObjectCooldownMeta, rule: scaledObjectCooldown },
      { metadata: scaleToZeroRequiredWorkersMeta, rule: scaleToZeroRequiredWorkers },
      { metadata: gracefulShutdownWhenScalingMeta, rule: gracefulShutdownWhenScaling },
      { metadata: workerReplicasWithScalerMeta, rule: workerReplicasWithScaler },
    ],
  },
  {
    topic: 'Placement',
    rules: [
      { metadata: singleZoneMeta, rule: singleZone },
      { metadata: workersOnSpotMeta, rule: workersOnSpot },
    ],
  },
  {
    topic: 'File system cache',
    rules: [
      { metadata: fileSystemCacheOnRootVolumeMeta, rule: fileSystemCacheOnRootVolume },
      { metadata: fileSystemCacheWithoutInstanceStoreMeta, rule: fileSystemCacheWithoutInstanceStore },
    ],
  },
  {
    topic: 'Security',
    rules: [
      { metadata: noBroadIamPoliciesMeta, rule: noBroadIamPolicies },
      { metadata: bucketEncryptionMeta, rule: bucketEncryption },
      { metadata: bucketTlsOnlyMeta, rule: bucketTlsOnly },
    ],
  },
  {
    topic: 'Endpoint, authentication and secrets',
    rules: [
      { metadata: endpointWithoutAuthenticationMeta, rule: endpointWithoutAuthentication },
      { metadata: internetFacingWithoutSourceCidrsMeta, rule: internetFacingWithoutSourceCidrs },
      { metadata: authenticationWithoutTlsMeta, rule: authenticationWithoutTls },
      { metadata: allowInsecureOverHttpMeta, rule: allowInsecureOverHttp },
      { metadata: literalSecretMeta, rule: literalSecret },
      { metadata: endpointWithoutNetworkPolicyMeta, rule: endpointWithoutNetworkPolicy },
    ],
  },
  {
    topic: 'Unresolved values',
    rules: [{ metadata: unresolvedValuesMeta, rule: unresolvedValues }],
  },
];

/** Every rule, in report order. */
export const TRINO_RULES: TrinoRule[] = TRINO_RULE_GROUPS.flatMap((g) => g.rules);
