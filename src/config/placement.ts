// SPDX-License-Identifier: Apache-2.0

/**
 * A Trino node role.
 */
export enum TrinoRole {
  /** The coordinator: parses, plans and schedules queries. */
  COORDINATOR = 'coordinator',
  /** The workers: execute tasks and process data. */
  WORKER = 'worker',
}

/**
 * A Kubernetes toleration, as the Trino pods get it.
 */
export interface PodToleration {
  /** Taint key. */
  readonly key: string;
  /**
   * `Equal` or `Exists`.
   * @default 'Equal'
   */
  readonly operator?: string;
  /**
   * Taint value (with `Equal`).
   * @default - no value
   */
  readonly value?: string;
  /**
   * `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   * @default - all effects
   */
  readonly effect?: string;
}
