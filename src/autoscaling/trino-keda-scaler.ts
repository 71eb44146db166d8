// SPDX-License-Identifier: Apache-2.0
import { Duration, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct, IConstruct } from 'constructs';
import { chartNames } from '../config/chart';
import { TrinoRole } from '../config/placement';
import type { TrinoCluster } from '../trino-cluster';
import { desiredWorkers, FormulaParams } from './private/formula';
import { QUEUED, REQUIRED, RUNNING } from './private/signals';
import { ScalerMetrics } from './scaler-metrics';

/**
 * Properties of a TrinoKedaScaler.
 */
export interface TrinoKedaScalerProps {
  /**
   * The Trino cluster whose workers to scale. A cluster has at most one scaler.
   */
  readonly trino: TrinoCluster;

  /**
   * Where KEDA reads the coordinator's load from.
   *
   * @default ScalerMetrics.coordinatorMetricsApi(): the coordinator's own `/metrics` endpoint, nothing else to install
   */
  readonly metrics?: ScalerMetrics;

  /**
   * Fewest workers. 0 scales to zero when no query is queued, running or waiting for workers: the coordinator then
   * makes queries wait for a worker (`query-manager.required-workers=1`) and the first one wakes KEDA.
   *
   * @default 0
   */
  readonly minWorkers?: number;

  /**
   * Most workers. At most the TrinoCluster's `maxWorkers`, which sizes `query.max-memory` and the node pools.
   *
   * @default - the TrinoCluster's `maxWorkers`
   */
  readonly maxWorkers?: number;

  /**
   * How often KEDA reads the triggers (`pollingInterval`).
   *
   * @default Duration.seconds(30)
   */
  readonly pollingInterval?: Duration;

  /**
   * How long every trigger must stay inactive before KEDA scales the workers to zero (`cooldownPeriod`; only used
   * when `minWorkers` is 0). At least `pollingInterval`.
   *
   * @default Duration.seconds(300)
   */
  readonly cooldownPeriod?: Duration;

  /**
   * Target of queued queries per worker: KEDA asks for ceil(queued / this) workers.
   *
   * @default 5
   */
  readonly queuedQueriesPerWorker?: number;

  /**
   * Target of running queries per worker: KEDA asks for ceil(running / this) workers.
   *
   * @default 10
   */
  readonly runningQueriesPerWorker?: number;

  /**
   * How long a query waits for a worker before failing with "Insufficient active worker nodes"
   * (`query-manager.required-workers-max-wait`). Set only when `minWorkers` is 0; it must cover a KEDA poll, a
   * Karpenter node launch, the image pull and the worker's start.
   *
   * @default Duration.minutes(10)
   */
  readonly requiredWorkersMaxWait?: Duration;

  /**
   * How long the HPA looks back before adding workers (`behavior.scaleUp.stabilizationWindowSeconds`, 0–3600 s).
   * 0 acts on the first poll that asks for more; the HPA then adds up to 100% or 4 pods every 15 seconds.
   *
   * @default Duration.seconds(0)
   */
  readonly scaleUpStabilizationWindow?: Duration;

  /**
   * How long demand must stay lower before the HPA removes workers (`behavior.scaleDown.stabilizationWindowSeconds`,
   * 0–3600 s).
   *
   * @default - the `cooldownPeriod`
   */
  readonly scaleDownStabilizationWindow?: Duration;

  /**
   * Most workers removed per `scaleDownPeriod` (`behavior.scaleDown.policies`, type Pods).
   *
   * @default 1
   */
  readonly scaleDownStep?: number;

  /**
   * Period of the scale-down policy (1–1800 s).
   *
   * @default Duration.minutes(1)
   */
  readonly scaleDownPeriod?: Duration;

  /**
   * Trino's worker shutdown grace period (`shutdown.grace-period`, the chart's `worker.gracefulShutdown`). A worker
   * being removed announces it is shutting down, waits this long so the coordinator stops sending it work, finishes
   * its running tasks, then waits this long again before it exits.
   *
   * @default Duration.minutes(2) (Trino's default)
   */
  readonly shutdownGracePeriod?: Duration;

  /**
   * How long a worker being removed may spend finishing its running tasks. Kubernetes kills it after
   * 2 × `shutdownGracePeriod` + this (the worker's `terminationGracePeriodSeconds`); a worker with no tasks left
   * exits after 2 × `shutdownGracePeriod`. Set it to the longest query you want to survive a scale-down.
   *
   * @default Duration.minutes(10)
   */
  readonly taskDrainTimeout?: Duration;

  /**
   * Whether the coordinator's PodDisruptionBudget blocks every voluntary eviction of a ready coordinator
   * (`maxUnavailable: 0`). Evicting the only coordinator fails every running query, so a node drain then waits until
   * an operator moves it on purpose. When false, no PodDisruptionBudget is made for the coordinator.
   *
   * @default true
   */
  readonly blockCoordinatorEviction?: boolean;

  /**
   * The construct that installs the KEDA operator (for example its Helm chart). The Trino chart renders a
   * ScaledObject, whose CRD must exist first, so it is made to depend on this.
   *
   * @default - no dependency: KEDA must already be installed
   */
  readonly kedaDependency?: IConstruct;
}

/**
 * A query load, as the coordinator reports it.
 */
export interface QueryLoad {
  /** Queries waiting in a resource group queue. */
  readonly queuedQueries: number;
  /** Queries running. */
  readonly runningQueries: number;
  /**
   * Workers the queries that wait for workers need (`ClusterSizeMonitor` `RequiredWorkers`).
   *
   * @default 0
   */
  readonly requiredWorkers?: number;
}

const HPA_MAX_STABILIZATION_SECONDS = 3600;
const HPA_MAX_POLICY_PERIOD_SECONDS = 1800;

/**
 * Query-driven autoscaling of a TrinoCluster's workers with KEDA, through the chart's own `server.keda` ScaledObject.
 *
 * Three triggers, each an average per worker: queued queries (default 5 per worker), running queries (10 per worker)
 * and the workers the coordinator is waiting for (`RequiredWorkers`, 1 per worker); the HPA takes the largest.
 * Workers scale from zero (`minWorkers` 0: queries wait for a worker instead of failing), shut down gracefully
 * (Trino's graceful shutdown, with a termination grace long enough for running tasks), and PodDisruptionBudgets keep
 * node drains from taking several workers or the coordinator at once.
 *
 * @example
 * declare const trinoCluster: TrinoCluster;
 * // the KEDA operator (2.18 or later), for example its Helm chart
 * declare const keda: eks.HelmChart;
 * new trino.TrinoKedaScaler(this, 'Scaler', { trino: trinoCluster, kedaDependency: keda });
 */
export class TrinoKedaScaler extends Construct {
  /** Default target of queued queries per worker (the seed's threshold). */
  public static readonly DEFAULT_QUEUED_QUERIES_PER_WORKER = 5;
  /** Default target of running queries per worker (the seed's threshold). */
  public static readonly DEFAULT_RUNNING_QUERIES_PER_WORKER = 10;

  /** Fewest workers. */
  public readonly minWorkers: number;
  /** Most workers. */
  public readonly maxWorkers: number;
  /** Target of queued queries per worker. */
  public readonly queuedQueriesPerWorker: number;
  /** Target of running queries per worker. */
  public readonly runningQueriesPerWorker: number;
  /** Name of the ScaledObject the chart renders (also the name of the worker Deployment it scales). */
  public readonly scaledObjectName: string;
  /** The PodDisruptionBudgets (workers, and the coordinator unless `blockCoordinatorEviction` is false). */
  public readonly disruptionBudgets: eks.KubernetesManifest;

  private readonly formulaParams: FormulaParams;

  constructor(scope: Construct, id: string, props: TrinoKedaScalerProps) {
    super(scope, id);
    const trino = props.trino;
    const source = `TrinoKedaScaler '${this.node.path}'`;

    this.minWorkers = props.minWorkers ?? 0;
    this.maxWorkers = props.maxWorkers ?? trino.maxWorkers;
    validateCount('minWorkers', this.minWorkers, 0);
    validateCount('maxWorkers', this.maxWorkers, 1);
    if (!Token.isUnresolved(this.minWorkers) && !Token.isUnresolved(this.maxWorkers) && this.maxWorkers < this.minWorkers) {
      throw new Error(
        `\`maxWorkers\` (${this.maxWorkers}) must not be below \`minWorkers\` (${this.minWorkers}); allowed: ` +
          'minWorkers ≤ maxWorkers.',
      );
    }
    if (!Token.isUnresolved(this.maxWorkers) && !Token.isUnresolved(trino.maxWorkers) && this.maxWorkers > trino.maxWorkers) {
      throw new Error(
        `\`maxWorkers\` (${this.maxWorkers}) must not be above the TrinoCluster's \`maxWorkers\` (${trino.maxWorkers}), ` +
          'which sizes query.max-memory and the worker pool: raise it on the TrinoCluster.',
      );
    }

    const pollingInterval = props.pollingInterval ?? Duration.seconds(30);
    const cooldownPeriod = props.cooldownPeriod ?? Duration.seconds(300);
    const polling = wholeSeconds('pollingInterval', pollingInterval, 1);
    const cooldown = wholeSeconds('cooldownPeriod', cooldownPeriod, 0);
    if (polling !== undefined && cooldown !== undefined && cooldown < polling) {
      throw new Error(
        `\`cooldownPeriod\` (${cooldownPeriod.toHumanString()}) must not be below \`pollingInterval\` ` +
          `(${pollingInterval.toHumanString()}): KEDA could not see a trigger stay inactive for it.`,
      );
    }

    this.queuedQueriesPerWorker = props.queuedQueriesPerWorker ?? TrinoKedaScaler.DEFAULT_QUEUED_QUERIES_PER_WORKER;
    this.runningQueriesPerWorker = props.runningQueriesPerWorker ?? TrinoKedaScaler.DEFAULT_RUNNING_QUERIES_PER_WORKER;
    validateTarget('queuedQueriesPerWorker', this.queuedQueriesPerWorker);
    validateTarget('runningQueriesPerWorker', this.runningQueriesPerWorker);

    const scaleUpWindow = props.scaleUpStabilizationWindow ?? Duration.seconds(0);
    const scaleDownWindow = props.scaleDownStabilizationWindow ?? cooldownPeriod;
    const scaleDownPeriod = props.scaleDownPeriod ?? Duration.minutes(1);
    const scaleDownStep = props.scaleDownStep ?? 1;
    const upSeconds = wholeSeconds('scaleUpStabilizationWindow', scaleUpWindow, 0, HPA_MAX_STABILIZATION_SECONDS);
    const downSeconds = wholeSeconds(
      props.scaleDownStabilizationWindow ? 'scaleDownStabilizationWindow' : 'cooldownPeriod (the default scaleDownStabilizationWindow)',
      scaleDownWindow, 0, HPA_MAX_STABILIZATION_SECONDS);
    const periodSeconds = wholeSeconds('scaleDownPeriod', scaleDownPeriod, 1, HPA_MAX_POLICY_PERIOD_SECONDS);
    validateCount('scaleDownStep', scaleDownStep, 1);

    const grace = props.shutdownGracePeriod ?? Duration.minutes(2);
    const drain = props.taskDrainTimeout ?? Duration.minutes(10);
    const graceSeconds = wholeSeconds('shutdownGracePeriod', grace, 1);
    const drainSeconds = wholeSeconds('taskDrainTimeout', drain, 0);

    const maxWait = props.requiredWorkersMaxWait ?? Duration.minutes(10);
    const maxWaitSeconds = wholeSeconds('requiredWorkersMaxWait', maxWait, 1);
    if (maxWaitSeconds !== undefined && polling !== undefined && maxWaitSeconds < polling) {
      throw new Error(
        `\`requiredWorkersMaxWait\` (${maxWait.toHumanString()}) must not be below \`pollingInterval\` ` +
          `(${pollingInterval.toHumanString()}): a query would fail before KEDA could notice it waiting.`,
      );
    }

    // -- the ScaledObject, rendered by the chart (`server.keda`): first, so a second scaler fails before any change
    const metrics = props.metrics ?? ScalerMetrics.coordinatorMetricsApi();
    const binding = metrics._bind(trino);
    const trigger = (signal: typeof QUEUED, target: number) => {
      const { type, ...rest } = binding.trigger(signal, target);
      // AverageValue: ceil(value / target) workers for each trigger; the HPA takes the largest
      return { type, name: signal.trigger, metricType: 'AverageValue', ...rest };
    };
    trino._config.setKeda(
      {
        pollingInterval,
        cooldownPeriod,
        minReplicas: this.minWorkers,
        maxReplicas: this.maxWorkers,
        managementUser: binding.managementUser,
        triggers: [
          trigger(QUEUED, this.queuedQueriesPerWorker),
          trigger(RUNNING, this.runningQueriesPerWorker),
          trigger(REQUIRED, 1),
        ],
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: {
              scaleUp: { stabilizationWindowSeconds: upSeconds },
              scaleDown: {
                stabilizationWindowSeconds: downSeconds,
                policies: [{ type: 'Pods', value: scaleDownStep, periodSeconds }],
              },
            },
          },
        },
      },
      source,
    );
    binding.configure();
    // the chart ignores `server.workers` while KEDA owns the Deployment; keep it equal to the floor anyway
    trino._config.minWorkers = this.minWorkers;
    this.scaledObjectName = trino.workerDeploymentName;

    // -- scale to zero: queries wait for a worker instead of failing, and their wait is the RequiredWorkers signal
    if (this.minWorkers === 0) {
      trino._config.setConfigProperty('query-manager.required-workers', '1', TrinoRole.COORDINATOR, source);
      trino._config.setConfigProperty(
        'query-manager.required-workers-max-wait', trinoDuration(maxWait), TrinoRole.COORDINATOR, source);
    }

    // -- graceful scale-down
    trino._config.setGracefulShutdown(
      grace,
      graceSeconds !== undefined && drainSeconds !== undefined ? Duration.seconds(2 * graceSeconds + drainSeconds) : undefined,
    );

    // -- disruption budgets: one worker at a time, and the coordinator only when an operator decides
    const names = chartNames(trino.releaseName);
    const budgets: any[] = [pdb(names.worker, trino.namespace, names.podLabels(TrinoRole.WORKER), 1)];
    if (props.blockCoordinatorEviction ?? true) {
      budgets.push(pdb(names.coordinator, trino.namespace, names.podLabels(TrinoRole.COORDINATOR), 0));
    }
    this.disruptionBudgets = new eks.KubernetesManifest(this, 'DisruptionBudgets', {
      cluster: trino.cluster,
      manifest: budgets,
    });
    if (trino._namespaceManifest) this.disruptionBudgets.node.addDependency(trino._namespaceManifest);

    // -- the chart renders the ScaledObject (and maybe ServiceMonitors): their CRDs must exist first
    if (props.kedaDependency) trino.chart.node.addDependency(props.kedaDependency);
    for (const d of binding.dependencies) trino.chart.node.addDependency(d);

    this.formulaParams = {
      queuedQueriesPerWorker: this.queuedQueriesPerWorker,
      runningQueriesPerWorker: this.runningQueriesPerWorker,
      minWorkers: this.minWorkers,
      maxWorkers: this.maxWorkers,
    };
  }

  /**
   * How many workers this scaler aims for under a steady load:
   * max(ceil(queued / queuedQueriesPerWorker), ceil(running / runningQueriesPerWorker), requiredWorkers), within
   * [max(minWorkers, 1), maxWorkers] while there is any load, and `minWorkers` when there is none. The HPA gets there
   * at the pace of its behavior settings and leaves the count alone while the load is within 10% of its target.
   */
  public desiredWorkers(load: QueryLoad): number {
    for (const [name, v] of Object.entries(load)) {
      if (v !== undefined && (!Number.isFinite(v) || v < 0)) {
        throw new Error(`\`${name}\` must be a number ≥ 0, got: ${v}.`);
      }
    }
    return desiredWorkers(
      { queuedQueries: load.queuedQueries, runningQueries: load.runningQueries, requiredWorkers: load.requiredWorkers ?? 0 },
      this.formulaParams,
    );
  }
}

function pdb(name: string, namespace: string, matchLabels: { [key: string]: string }, maxUnavailable: number) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'cdk-trino-eks' } },
    spec: {
      maxUnavailable,
      selector: { matchLabels },
      // a pod that is not ready serves nothing: never let it block a drain
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}

function validateCount(prop: string, value: number, min: number) {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`\`${prop}\` must be an integer ≥ ${min}, got: ${value}.`);
  }
}

function validateTarget(prop: string, value: number) {
  if (Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`\`${prop}\` must be a number above 0, got: ${value}.`);
  }
}

/** Whole seconds of a Duration within [min, max], or undefined when it is a token. */
function wholeSeconds(prop: string, d: Duration, min: number, max?: number): number | undefined {
  const ms = d.toMilliseconds();
  if (Token.isUnresolved(ms)) return undefined;
  const range = max === undefined ? `at least ${min} s` : `between ${min} s and ${max} s`;
  if (ms % 1000 !== 0 || ms / 1000 < min || (max !== undefined && ms / 1000 > max)) {
    throw new Error(`\`${prop}\` must be a whole number of seconds ${range}, got: ${d.toHumanString()}.`);
  }
  return ms / 1000;
}

/** A Trino (airlift) Duration: whole minutes as `Nm`, else seconds. */
function trinoDuration(d: Duration): string {
  const s = d.toSeconds();
  return s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
