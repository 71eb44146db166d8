// SPDX-License-Identifier: Apache-2.0
/**
 * What TrinoMonitoring ships, as data: the dashboard rows and panels with their PromQL, and the alert rules with
 * their thresholds and runbooks. Rendered into a Grafana dashboard (ConfigMap) and a PrometheusRule by
 * trino-monitoring.ts, into docs/monitoring.md by scripts/docs/guides.ts, and parsed by test/monitoring.
 * @internal
 */
import { Duration } from 'aws-cdk-lib';
import { KARPENTER, KEDA, kedaHpaName, KUBE_STATE } from './external';
import { METRICS as M } from './jmx';

/** Everything the content depends on, resolved at synth. @internal */
export interface MonitoringInput {
  readonly namespace: string;
  readonly releaseName: string;
  /** coordinator Service (`trino.fullname`): the coordinator's ServiceMonitor labels its series `service=<this>` */
  readonly coordinatorService: string;
  /** headless worker Service: the worker ServiceMonitor's `service` label */
  readonly workerService: string;
  readonly coordinatorDeployment: string;
  readonly workerDeployment: string;
  /** the chart's ScaledObject, when a TrinoKedaScaler scales the workers */
  readonly scaledObject?: string;
  /** the label KEDA's own `namespace` label ends up in after the scrape */
  readonly kedaNamespaceLabel: string;
  /** Karpenter NodePools the Trino pods run on (empty: not known, every pool is shown) */
  readonly nodePools: string[];
  /** NodePools of the workers (empty: not known) */
  readonly workerNodePools: string[];
  /** whether an exchange manager spools to S3 (fault-tolerant execution) */
  readonly exchange: boolean;
  /** catalogs on the native S3 file system */
  readonly s3Catalogs: string[];
  readonly alerts: AlertThresholds;
}

/** Alert thresholds, resolved. @internal */
export interface AlertThresholds {
  readonly queuedQueriesFor: Duration;
  readonly queryFailureRatio: number;
  readonly workersAtMaxFor: Duration;
  readonly coordinatorHeapRatio: number;
  readonly coordinatorHeapFor: Duration;
  readonly kedaScalerErrorsFor: Duration;
  readonly spotInterruptions: number;
  readonly spotInterruptionWindow: Duration;
}

/** One series of a panel. @internal */
export interface Target {
  readonly expr: string;
  readonly legend: string;
}

/** One panel: what it shows and the question it answers. @internal */
export interface Panel {
  readonly title: string;
  /** the question the panel answers, and how to read it */
  readonly description: string;
  /** Grafana unit id */
  readonly unit: string;
  readonly targets: Target[];
}

/** One dashboard row. @internal */
export interface Row {
  readonly title: string;
  readonly panels: Panel[];
}

/** One alert rule. @internal */
export interface Alert {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration the condition must hold, or undefined to fire at once */
  readonly for?: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
  /** what to check and do, step by step */
  readonly runbook: string;
  /** the threshold in words, for the docs */
  readonly threshold: string;
}

/** Prometheus duration text of whole seconds: `15m`, `1h`, `90s`. @internal */
export function promDuration(d: Duration): string {
  const s = d.toSeconds();
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** A label matcher list: `{a="b",c=~"d|e"}`. */
function sel(...matchers: Array<string | undefined>): string {
  return `{${matchers.filter((m) => m !== undefined).join(',')}}`;
}

const eq = (label: string, value: string) => `${label}="${value}"`;
const oneOf = (label: string, values: string[]) => (values.length === 0 ? undefined : `${label}=~"${values.join('|')}"`);

/** Selectors of the series each role's ServiceMonitor produces. */
function selectors(i: MonitoringInput) {
  const ns = eq('namespace', i.namespace);
  return {
    coordinator: (...extra: string[]) => sel(ns, eq('service', i.coordinatorService), ...extra),
    workers: (...extra: string[]) => sel(ns, eq('service', i.workerService), ...extra),
    trino: (...extra: string[]) => sel(ns, `service=~"${i.coordinatorService}|${i.workerService}"`, ...extra),
    keda: () => sel(eq(i.kedaNamespaceLabel, i.namespace), eq('scaledObject', i.scaledObject ?? '')),
    hpa: () => sel(ns, eq('horizontalpodautoscaler', kedaHpaName(i.scaledObject ?? ''))),
    workerDeployment: () => sel(ns, eq('deployment', i.workerDeployment)),
    pools: (...extra: string[]) => sel(...extra, oneOf('nodepool', i.nodePools)),
    workerPools: (...extra: string[]) => sel(...extra, oneOf('nodepool', i.workerNodePools)),
  };
}

/** Failures that are not the user's: internal, external (a connector's system) and insufficient resources. */
function nonUserFailures(c: (...extra: string[]) => string, fn: (series: string) => string): string {
  return `(${[M.internalFailures, M.externalFailures, M.insufficientResourcesFailures].map((m) => `sum(${fn(m + c())})`).join(' + ')})`;
}

/** The dashboard rows, in order; rows without a source on this cluster are left out. @internal */
export function dashboardRows(i: MonitoringInput): Row[] {
  const s = selectors(i);
  const c = s.coordinator;
  const w = s.workers;
  const perMinute = (m: string, sl: string) => `sum(rate(${m}${sl}[5m])) * 60`;
  const rows: Row[] = [];

  rows.push({
    title: 'Queries',
    panels: [
      {
        title: 'Queued and running queries',
        description:
          'Do queries wait? Queued: queries waiting in a resource-group queue; running: queries the coordinator runs. ' +
          'A queue that does not drain means the workers, or the resource-group concurrency limit, cannot keep up.',
        unit: 'short',
        targets: [
          { expr: `max(${M.queuedQueries}${c()})`, legend: 'queued' },
          { expr: `max(${M.runningQueries}${c()})`, legend: 'running' },
        ],
      },
      {
        title: 'Queries started, finished and failed per minute',
        description:
          'How much work arrives and how much of it fails? Failed (not user errors) leaves out syntax, permission ' +
          'and canceled-by-user errors: it counts internal, external (a catalog\'s system) and insufficient-resources failures.',
        unit: 'opm',
        targets: [
          { expr: perMinute(M.startedQueries, c()), legend: 'started' },
          { expr: perMinute(M.completedQueries, c()), legend: 'finished' },
          { expr: perMinute(M.failedQueries, c()), legend: 'failed (all)' },
          { expr: `${nonUserFailures(c, (x) => `rate(${x}[5m])`)} * 60`, legend: 'failed (not user errors)' },
        ],
      },
      {
        title: 'Query execution time',
        description:
          'How long do queries run? Percentiles of the execution time of queries that finished, over about the last ' +
          'five minutes (airlift decaying distribution).',
        unit: 'ms',
        targets: (['P50', 'P90', 'P99'] as const).map((p) => ({ expr: `max(${M.executionTime(p)}${c()})`, legend: p.toLowerCase() })),
      },
      {
        title: 'Query queued time',
        description:
          'How long did queries wait before they ran? Percentiles of the time finished queries spent queued, over about ' +
          'the last five minutes.',
        unit: 'ms',
        targets: (['P50', 'P90', 'P99'] as const).map((p) => ({ expr: `max(${M.queuedTime(p)}${c()})`, legend: p.toLowerCase() })),
      },
      {
        title: 'Coordinator heap and CPU',
        description:
          'Is the coordinator the bottleneck? Heap in use as a share of its maximum, and the CPU the coordinator JVM uses ' +
          'as a share of the CPUs its container may use.',
        unit: 'percentunit',
        targets: [
          { expr: `max by (pod) (${M.heapUsed}${c()} / ${M.heapMax}${c()})`, legend: 'heap {{pod}}' },
          { expr: `max by (pod) (${M.processCpuLoad}${c()})`, legend: 'CPU {{pod}}' },
        ],
      },
    ],
  });

  const workerCount: Target[] = [
    // the coordinator counts itself among the active nodes (node-scheduler.include-coordinator is false)
    { expr: `max(${M.activeNodes}${c()}) - 1`, legend: 'active in Trino' },
    { expr: `max(${KUBE_STATE.deploymentReady}${s.workerDeployment()})`, legend: 'ready pods' },
  ];
  if (i.scaledObject) {
    workerCount.push(
      { expr: `max(${KUBE_STATE.hpaDesired}${s.hpa()})`, legend: 'desired (KEDA)' },
      { expr: `max(${KUBE_STATE.hpaMax}${s.hpa()})`, legend: 'maxWorkers' },
    );
  }
  rows.push({
    title: 'Workers',
    panels: [
      {
        title: 'Workers',
        description:
          'How many workers are there, and how many does KEDA want? Active in Trino: nodes the coordinator sees active, ' +
          'minus itself; ready pods: the worker Deployment\'s ready replicas; desired: the replicas KEDA\'s HPA asks for. ' +
          'Desired above ready for long means nodes are slow to come (see Capacity).',
        unit: 'short',
        targets: workerCount,
      },
      {
        title: 'Worker CPU',
        description: 'Are the workers busy? CPU each worker JVM uses, as a share of the CPUs its container may use.',
        unit: 'percentunit',
        targets: [{ expr: `max by (pod) (${M.processCpuLoad}${w()})`, legend: '{{pod}}' }],
      },
      {
        title: 'Worker heap',
        description: 'Is a worker short of heap? Heap in use as a share of the maximum heap, per worker.',
        unit: 'percentunit',
        targets: [{ expr: `max by (pod) (${M.heapUsed}${w()} / ${M.heapMax}${w()})`, legend: '{{pod}}' }],
      },
      {
        title: 'Query memory pool',
        description:
          'How full is the memory queries may use? Reserved share of each worker\'s general pool ' +
          '(query.max-memory-per-node), and of the cluster\'s.',
        unit: 'percentunit',
        targets: [
          {
            expr: `max by (pod) (${M.poolReservedBytes}${w('name="general"')} / ${M.poolMaxBytes}${w('name="general"')})`,
            legend: '{{pod}}',
          },
          { expr: `max(${M.clusterMemoryReserved}${c()}) / max(${M.clusterMemoryBytes}${c()})`, legend: 'cluster' },
        ],
      },
      {
        title: 'Queries killed for lack of memory (per hour)',
        description: 'Did the memory killer stop queries? Queries the coordinator killed because the cluster ran out of memory.',
        unit: 'short',
        targets: [{ expr: `sum(increase(${M.queriesKilledOom}${c()}[1h]))`, legend: 'killed' }],
      },
    ],
  });

  const faultTolerance: Panel[] = [
    {
      title: 'Failed tasks per minute',
      description:
        'Are tasks failing? Tasks that failed on each worker. With retry-policy TASK the coordinator retries each on ' +
        'another worker; tasks of a worker that disappears (a Spot interruption) are not counted here, see Capacity.',
      unit: 'opm',
      targets: [{ expr: `sum by (pod) (rate(${M.failedTasks}${w()}[5m])) * 60`, legend: '{{pod}}' }],
    },
  ];
  if (i.exchange) {
    const ops = ['PutObject', 'UploadPart', 'GetObject'] as const;
    faultTolerance.push(
      {
        title: 'Exchange spooling: S3 requests per second',
        description:
          'How much do tasks spool? Requests the exchange manager sends to the exchange bucket: PutObject and UploadPart ' +
          'write spool files, GetObject reads them back.',
        unit: 'reqps',
        targets: ops.map((op) => ({ expr: `sum(rate(${M.exchangeS3Requests(op, 'Finished')}${s.trino()}[5m]))`, legend: op })),
      },
      {
        title: 'Exchange spooling: failed S3 requests per minute',
        description: 'Does spooling fail? Exchange requests to S3 that failed after the S3 client\'s retries.',
        unit: 'opm',
        targets: ops.map((op) => ({ expr: perMinute(M.exchangeS3Requests(op, 'Failed'), s.trino()), legend: op })),
      },
      {
        title: 'Exchange spooling: writer wait (p90)',
        description: 'Do tasks wait for the exchange? 90th percentile of the time task output waited for the spool to accept it.',
        unit: 'ms',
        targets: [{ expr: `max by (pod) (${M.exchangeSinkBlocked}${s.trino()})`, legend: '{{pod}}' }],
      },
    );
  }
  rows.push({ title: 'Fault tolerance', panels: faultTolerance });

  if (i.scaledObject) {
    rows.push({
      title: 'Autoscaling',
      panels: [
        {
          title: 'What KEDA reads, per trigger',
          description:
            'What does the autoscaler see? The value each ScaledObject trigger read at its last poll (queued queries, ' +
            'running queries, workers queries wait for). KEDA asks for value / target workers per trigger and the HPA takes the largest.',
          unit: 'short',
          targets: [{ expr: `max by (metric) (${KEDA.metricsValue}${s.keda()})`, legend: '{{metric}}' }],
        },
        {
          title: 'HPA replicas',
          description: 'What does the HPA do with it? Desired and current worker replicas, and the maximum.',
          unit: 'short',
          targets: [
            { expr: `max(${KUBE_STATE.hpaDesired}${s.hpa()})`, legend: 'desired' },
            { expr: `max(${KUBE_STATE.hpaCurrent}${s.hpa()})`, legend: 'current' },
            { expr: `max(${KUBE_STATE.hpaMax}${s.hpa()})`, legend: 'max' },
          ],
        },
        {
          title: 'KEDA trigger errors per minute',
          description:
            'Can KEDA read the coordinator? Errors per trigger. While a trigger errors, KEDA cannot scale on it; with no ' +
            'fallback the HPA keeps the current count.',
          unit: 'opm',
          targets: [{ expr: `sum by (metric) (rate(${KEDA.detailErrors}${s.keda()}[5m])) * 60`, legend: '{{metric}}' }],
        },
      ],
    });
  }

  rows.push({
    title: 'Capacity',
    panels: [
      {
        title: 'Nodes by pool and capacity type',
        description: 'What capacity does Karpenter run? Nodes of each NodePool, Spot or On-Demand.',
        unit: 'short',
        targets: [
          {
            expr: `count by (nodepool, capacity_type) (${KARPENTER.nodesAllocatable}${s.pools('resource_type="cpu"')})`,
            legend: '{{nodepool}} {{capacity_type}}',
          },
        ],
      },
      {
        title: 'Pod startup time (every pod of the cluster)',
        description:
          'How long does a new pod take to run, node launch included? Karpenter\'s summary of pod creation to running, ' +
          'for every pod of the EKS cluster (the metric has no per-pool label).',
        unit: 's',
        targets: ['0.5', '0.9', '0.99'].map((q) => ({
          expr: `max(${KARPENTER.podStartup}{quantile="${q}"})`,
          legend: `p${Number(q) * 100}`,
        })),
      },
      {
        title: 'Node disruptions per hour',
        description:
          'Why do nodes go away? NodeClaims Karpenter disrupted, by pool and reason (spot_interrupted, consolidation, ' +
          'drift, expiration …), and the Spot interruption notices it received for the whole cluster.',
        unit: 'short',
        targets: [
          { expr: `sum by (nodepool, reason) (increase(${KARPENTER.nodeClaimsDisrupted}${s.pools()}[1h]))`, legend: '{{nodepool}} {{reason}}' },
          { expr: `sum(increase(${KARPENTER.interruptionMessages}{message_type="spot_interrupted"}[1h]))`, legend: 'Spot notices (cluster)' },
        ],
      },
    ],
  });

  if (i.s3Catalogs.length > 0) {
    const t = s.trino(oneOf('name', i.s3Catalogs)!);
    rows.push({
      title: 'S3',
      panels: [
        {
          title: 'S3 requests per second, by catalog',
          description: 'How hard do the catalogs use S3? Requests of the native S3 file system of each catalog, all nodes.',
          unit: 'reqps',
          targets: [{ expr: `sum by (name) (rate(${M.s3Calls}${t}[5m]))`, legend: '{{name}}' }],
        },
        {
          title: 'S3 errors per minute, by catalog',
          description:
            'Does S3 push back? Failed requests, throttling (503 Slow Down: spread objects over more prefixes) and S3 ' +
            'server errors, per catalog.',
          unit: 'opm',
          targets: [
            { expr: `sum by (name) (rate(${M.s3Failures}${t}[5m])) * 60`, legend: '{{name}} failed' },
            { expr: `sum by (name) (rate(${M.s3Throttling}${t}[5m])) * 60`, legend: '{{name}} throttled' },
            { expr: `sum by (name) (rate(${M.s3ServerErrors}${t}[5m])) * 60`, legend: '{{name}} server errors' },
            { expr: `sum by (name) (rate(${M.s3Retries}${t}[5m])) * 60`, legend: '{{name}} retries' },
          ],
        },
        {
          title: 'S3 request latency (p90)',
          description: 'Is S3 slow? 90th percentile of the S3 request time of each catalog over about five minutes, worst node.',
          unit: 'ms',
          targets: [{ expr: `max by (name) (${M.s3LatencyP90}${t})`, legend: '{{name}}' }],
        },
      ],
    });
  }
  return rows;
}

/** The alert rules; rules without a source on this cluster are left out. @internal */
export function alertRules(i: MonitoringInput): Alert[] {
  const s = selectors(i);
  const c = s.coordinator;
  const a = i.alerts;
  const ns = i.namespace;
  const svc = i.coordinatorService;
  const percent = (r: number) => `${Math.round(r * 1000) / 10}%`;
  const rules: Alert[] = [];

  rules.push({
    alert: 'TrinoQueriesQueued',
    expr: `max(${M.queuedQueries}${c()}) > 0`,
    for: promDuration(a.queuedQueriesFor),
    severity: 'warning',
    threshold: `the queue has not been empty for ${promDuration(a.queuedQueriesFor)} (\`queuedQueriesFor\`)`,
    summary: `Trino queries in ${ns} have been queued for ${promDuration(a.queuedQueriesFor)}`,
    description:
      `The resource-group queue of Trino ${svc} in ${ns} has held queries for ${promDuration(a.queuedQueriesFor)} without ` +
      'emptying: the cluster is not keeping up with demand.',
    runbook: [
      'Open the Trino dashboard: Queries (queued, running) and Workers (active, ready, desired).',
      'If desired workers equal maxWorkers, the cluster is at its ceiling: raise maxWorkers (TrinoCluster and TrinoKedaScaler) or shed load.',
      'If desired is above ready, nodes are slow to come: see Capacity (pod startup time, Spot interruptions) and `kubectl get nodeclaims`.',
      'If running queries sit at the resource-group limit while workers are idle, the concurrency limit is the bottleneck: raise it (TrinoCluster resourceGroups).',
      'List the queued queries: `SELECT query_id, "user", created FROM system.runtime.queries WHERE state = \'QUEUED\' ORDER BY created`.',
    ].join('\n'),
  });

  const window = '10m';
  const completed = `sum(increase(${M.completedQueries}${c()}[${window}]))`;
  rules.push({
    alert: 'TrinoQueryFailureRatio',
    expr:
      `${nonUserFailures(c, (x) => `increase(${x}[${window}])`)} / ${completed} > ${a.queryFailureRatio} ` +
      `and ${completed} >= 10`,
    for: '5m',
    severity: 'warning',
    threshold:
      `more than ${percent(a.queryFailureRatio)} of the queries that finished in 10 minutes failed for other reasons than ` +
      'user errors, with at least 10 finished (`queryFailureRatio`), for 5 minutes',
    summary: `More than ${percent(a.queryFailureRatio)} of Trino queries in ${ns} fail`,
    description:
      `Over the last 10 minutes more than ${percent(a.queryFailureRatio)} of the queries Trino ${svc} in ${ns} finished ` +
      'failed with an internal, external (catalog system) or insufficient-resources error.',
    runbook: [
      'Find the errors: `SELECT error_type, error_code, count(*) FROM system.runtime.queries WHERE state = \'FAILED\' AND "end" > now() - INTERVAL \'15\' MINUTE GROUP BY 1, 2 ORDER BY 3 DESC`.',
      'INSUFFICIENT_RESOURCES (EXCEEDED_*_MEMORY_LIMIT, CLUSTER_OUT_OF_MEMORY): see Workers (query memory pool, queries killed); add workers or lower concurrency.',
      'EXTERNAL (HIVE_*, ICEBERG_*, S3 errors): see the S3 row (throttling, server errors) and the Glue / S3 service health.',
      'INTERNAL (REMOTE_TASK_*, PAGE_TRANSPORT_*): workers were lost; see Capacity (Spot interruptions) and Fault tolerance. retry-policy TASK (FaultTolerantExchange) makes queries survive lost workers.',
      `Coordinator logs: \`kubectl logs -n ${ns} deploy/${i.coordinatorDeployment} -c trino-coordinator --since=15m\`.`,
    ].join('\n'),
  });

  if (i.scaledObject) {
    const hpa = kedaHpaName(i.scaledObject);
    rules.push({
      alert: 'TrinoWorkersAtMax',
      expr: `max(${KUBE_STATE.hpaDesired}${s.hpa()}) >= max(${KUBE_STATE.hpaMax}${s.hpa()})`,
      for: promDuration(a.workersAtMaxFor),
      severity: 'warning',
      threshold: `KEDA has asked for maxWorkers for ${promDuration(a.workersAtMaxFor)} (\`workersAtMaxFor\`)`,
      summary: `Trino workers in ${ns} have been pinned at maxWorkers for ${promDuration(a.workersAtMaxFor)}`,
      description:
        `The HPA ${hpa} that KEDA drives has wanted its maximum number of workers for ${promDuration(a.workersAtMaxFor)}: ` +
        'demand is above what the cluster may scale to.',
      runbook: [
        'Open the Trino dashboard: Autoscaling (what KEDA reads) and Queries (queued).',
        'If queries queue, raise maxWorkers on the TrinoCluster and the TrinoKedaScaler (it also raises query.max-memory and the pool limits).',
        'If nothing queues, the running-queries target keeps the workers up: raise runningQueriesPerWorker on the TrinoKedaScaler.',
        `Check the HPA: \`kubectl describe hpa -n ${ns} ${hpa}\`.`,
      ].join('\n'),
    });
  }

  rules.push({
    alert: 'TrinoCoordinatorHeapPressure',
    expr: `max(${M.heapUsed}${c()} / ${M.heapMax}${c()}) > ${a.coordinatorHeapRatio}`,
    for: promDuration(a.coordinatorHeapFor),
    severity: 'critical',
    threshold:
      `the coordinator uses more than ${percent(a.coordinatorHeapRatio)} of its heap (\`coordinatorHeapRatio\`) for ` +
      `${promDuration(a.coordinatorHeapFor)} (\`coordinatorHeapFor\`)`,
    summary: `The Trino coordinator in ${ns} is short of heap`,
    description:
      `The coordinator of Trino ${svc} in ${ns} has used more than ${percent(a.coordinatorHeapRatio)} of its heap for ` +
      `${promDuration(a.coordinatorHeapFor)}. When it runs out the JVM exits (ExitOnOutOfMemoryError) and every running query fails.`,
    runbook: [
      'Open the Trino dashboard: Queries (running queries, coordinator heap and CPU).',
      'Many concurrent queries or very large plans (wide IN lists, many partitions) fill the coordinator heap: lower the resource-group concurrency limit.',
      'Give the coordinator more memory: a larger coordinatorInstanceType (or CoordinatorPool instance types); the heap is sized from it.',
      'Major collections that free little heap come before an OutOfMemoryError (airlift\'s GC monitor logs them): ' +
        `\`kubectl logs -n ${ns} deploy/${i.coordinatorDeployment} -c trino-coordinator --since=30m | grep -E 'Major GC|OutOfMemoryError'\`.`,
    ].join('\n'),
  });

  if (i.scaledObject) {
    rules.push({
      alert: 'TrinoKedaScalerErrors',
      expr: `sum(rate(${KEDA.detailErrors}${s.keda()}[5m])) > 0`,
      for: promDuration(a.kedaScalerErrorsFor),
      severity: 'warning',
      threshold: `KEDA reports trigger errors for ${promDuration(a.kedaScalerErrorsFor)} (\`kedaScalerErrorsFor\`)`,
      summary: `KEDA cannot read the Trino coordinator in ${ns}`,
      description:
        `KEDA has failed to read the triggers of ScaledObject ${i.scaledObject} in ${ns} for ${promDuration(a.kedaScalerErrorsFor)}: ` +
        'the workers do not scale on demand meanwhile.',
      runbook: [
        `Read the errors: \`kubectl describe scaledobject -n ${ns} ${i.scaledObject}\` and \`kubectl logs -n keda deploy/keda-operator --since=15m | grep ${i.scaledObject}\`.`,
        `metrics-api triggers: the coordinator Service must answer \`curl -H 'X-Trino-User: keda' http://${svc}.${ns}.svc.cluster.local:8080/metrics\` (is the coordinator up?).`,
        'prometheus triggers: the Prometheus server must have the coordinator series (ignoreNullValues is false: no series is an error); see TrinoCoordinatorMetricsMissing.',
      ].join('\n'),
    });
  }

  const workerPools = i.workerNodePools.length > 0 ? i.workerNodePools : i.nodePools;
  rules.push({
    alert: 'TrinoSpotInterruptions',
    expr:
      `sum by (nodepool) (increase(${KARPENTER.nodeClaimsDisrupted}` +
      `${sel('reason="spot_interrupted"', oneOf('nodepool', workerPools))}[${promDuration(a.spotInterruptionWindow)}])) >= ${a.spotInterruptions}`,
    severity: 'warning',
    threshold:
      `${a.spotInterruptions} or more Spot interruptions (\`spotInterruptions\`) in one pool within ` +
      `${promDuration(a.spotInterruptionWindow)} (\`spotInterruptionWindow\`)`,
    summary: 'Spot interruptions are taking Trino workers in pool {{ $labels.nodepool }}',
    description:
      `Karpenter has replaced ${a.spotInterruptions} or more Spot nodes of pool {{ $labels.nodepool }} within ` +
      `${promDuration(a.spotInterruptionWindow)}. Queries lose the tasks of every interrupted worker.`,
    runbook: [
      'Open the Trino dashboard: Capacity (disruptions, nodes by capacity type) and Fault tolerance (failed tasks).',
      'Without retry-policy TASK each interruption fails the queries that had tasks on the node: add a FaultTolerantExchange.',
      'Widen the pool\'s instance types (SpotWorkerPool instanceTypes) so Karpenter can pick less interrupted Spot pools, or allow On-Demand fallback (onDemandFallback).',
      'See which instance types were interrupted: `kubectl get events -A --field-selector reason=SpotInterrupted`.',
    ].join('\n'),
  });

  rules.push({
    alert: 'TrinoCoordinatorMetricsMissing',
    expr: `absent(${M.runningQueries}${c()})`,
    for: '10m',
    severity: 'warning',
    threshold: 'no coordinator series for 10 minutes',
    summary: `Prometheus has no Trino coordinator metrics for ${ns}`,
    description:
      `Prometheus has scraped no coordinator metrics of Trino ${svc} in ${ns} for 10 minutes: the dashboard and every other ` +
      'Trino alert are blind, and KEDA\'s prometheus triggers error.',
    runbook: [
      `Is the coordinator running? \`kubectl get pods -n ${ns} -l app.kubernetes.io/component=coordinator\`.`,
      `Does Prometheus select the ServiceMonitor? Its labels must match the Prometheus serviceMonitorSelector: \`kubectl get servicemonitor -n ${ns} ${svc} --show-labels\`.`,
      `Does the exporter answer? \`kubectl port-forward -n ${ns} svc/${svc} 5556\` then \`curl -s localhost:5556/metrics | grep QueryManager\`.`,
      `Exporter logs: \`kubectl logs -n ${ns} deploy/${i.coordinatorDeployment} -c jmx-exporter\`.`,
    ].join('\n'),
  });
  return rules;
}

/**
 * The Grafana dashboard JSON model (schemaVersion 39): a `datasource` variable of type prometheus, then one row per
 * section with its panels, three per line.
 * @internal
 */
export function grafanaDashboard(i: MonitoringInput, uid: string | undefined): { [key: string]: any } {
  const panels: any[] = [];
  let id = 1;
  let y = 0;
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  for (const row of dashboardRows(i)) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((p, n) => {
      panels.push({
        id: id++,
        type: 'timeseries',
        title: p.title,
        description: p.description,
        datasource,
        gridPos: { h: 8, w: 8, x: (n % 3) * 8, y: y + Math.floor(n / 3) * 8 },
        fieldConfig: { defaults: { unit: p.unit, min: 0 }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
        targets: p.targets.map((t, k) => ({ refId: String.fromCharCode(65 + k), datasource, expr: t.expr, legendFormat: t.legend })),
      });
    });
    y += Math.ceil(row.panels.length / 3) * 8;
  }
  return {
    ...(uid ? { uid } : {}),
    title: `Trino ${i.namespace}/${i.releaseName}`,
    description: 'Trino on EKS: queries, workers, fault tolerance, autoscaling, capacity and S3 (cdk-trino-eks TrinoMonitoring).',
    tags: ['trino', 'cdk-trino-eks'],
    timezone: 'browser',
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', hide: 0, refresh: 1, current: {} }],
    },
    annotations: { list: [] },
    panels,
  };
}
