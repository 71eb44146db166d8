// SPDX-License-Identifier: Apache-2.0

/**
 * What the coordinator reports, as the three triggers read it.
 * @internal
 */
export interface Load {
  readonly queuedQueries: number;
  readonly runningQueries: number;
  readonly requiredWorkers: number;
}

/**
 * The scaler settings the formula uses.
 * @internal
 */
export interface FormulaParams {
  readonly queuedQueriesPerWorker: number;
  readonly runningQueriesPerWorker: number;
  readonly minWorkers: number;
  readonly maxWorkers: number;
}

/**
 * Workers KEDA and the HPA aim for under a steady load. Every trigger is an `AverageValue` metric, for which the HPA
 * asks for ceil(value / target) replicas, and takes the largest proposal of all triggers:
 *
 *   max(ceil(queued / queuedQueriesPerWorker), ceil(running / runningQueriesPerWorker), requiredWorkers)
 *
 * clamped to [max(minWorkers, 1), maxWorkers] while any trigger is active (value above its activation threshold 0);
 * with no load at all KEDA scales to `minWorkers` (0 = scale to zero) after the cooldown.
 * Not modelled: the HPA's 10% tolerance (it keeps the current count when the ratio of the metric to its target is
 * within 0.9–1.1), stabilization windows and rate policies (how fast it gets there).
 * @internal
 */
export function desiredWorkers(load: Load, p: FormulaParams): number {
  const proposals = [
    Math.ceil(load.queuedQueries / p.queuedQueriesPerWorker),
    Math.ceil(load.runningQueries / p.runningQueriesPerWorker),
    Math.ceil(load.requiredWorkers),
  ];
  const wanted = Math.max(0, ...proposals);
  const active = load.queuedQueries > 0 || load.runningQueries > 0 || load.requiredWorkers > 0;
  if (!active) return p.minWorkers;
  return Math.min(p.maxWorkers, Math.max(wanted, p.minWorkers, 1));
}
