// SPDX-License-Identifier: Apache-2.0
import { ChartClientAccess, chartClientAccess, propertyEntries, readChartValues } from '../../config/chart';
import type { TrinoCluster } from '../../trino-cluster';

/** What the smoke test does with one catalog. @internal */
export type CatalogCheck = 'known-answer' | 'read' | 'write';

/**
 * What the smoke test runs against a TrinoCluster, read from the chart values the cluster renders (after the
 * `helmValues` merge): the catalogs the chart writes, the retry policy in `config.properties`, whether a worker
 * Deployment exists, and how to reach the coordinator.
 * @internal
 */
export interface SmokePlan {
  readonly access: ChartClientAccess;
  /** every catalog the chart renders, with its connector */
  readonly rendered: Array<{ name: string; connector: string; glue: boolean }>;
  /** the catalogs the test checks, and how */
  readonly checks: Array<{ name: string; check: CatalogCheck }>;
  /** the catalog of the known-answer query: the first one with the tpch connector */
  readonly tpchCatalog?: string;
  /** names asked for in `catalogs` that the chart does not render */
  readonly unknownCatalogs: string[];
  /** `retry-policy` of the coordinator, when fault-tolerant execution is on (an exchange manager and not NONE) */
  readonly retryPolicy?: string;
  /** whether the chart renders a worker Deployment at all (`server.workers` > 0 or KEDA) */
  readonly workerDeployment: boolean;
}

/** Builds the plan from the cluster's final chart values. @internal */
export function smokePlan(trino: TrinoCluster, selected?: string[]): SmokePlan {
  const values = trino._renderValues();
  const chart = readChartValues(trino.releaseName, trino.namespace, values);
  const rendered = Object.entries(chart.catalogs).map(([name, text]) => {
    const props = Object.fromEntries(propertyEntries(text));
    const connector = props['connector.name'] ?? '';
    const glue =
      (connector === 'hive' && props['hive.metastore'] === 'glue') ||
      (connector === 'iceberg' && props['iceberg.catalog.type'] === 'glue');
    return { name, connector, glue };
  });
  const tpchCatalog = rendered.find((c) => c.connector === 'tpch')?.name;
  const names = selected ?? rendered.map((c) => c.name);
  const unknownCatalogs = names.filter((n) => !rendered.some((c) => c.name === n));
  const checks = names
    .map((n) => rendered.find((c) => c.name === n))
    .filter((c): c is (typeof rendered)[number] => c !== undefined)
    .map((c) => ({
      name: c.name,
      check: (c.name === tpchCatalog ? 'known-answer' : c.glue ? 'write' : 'read') as CatalogCheck,
    }));
  const policy = chart.coordinator.configProperties['retry-policy']?.value?.toUpperCase();
  return {
    access: chartClientAccess(trino.releaseName, trino.namespace, values, trino._networkPolicyLabels),
    rendered,
    checks,
    tpchCatalog,
    unknownCatalogs,
    retryPolicy: chart.exchangeManager && policy && policy !== 'NONE' ? policy : undefined,
    workerDeployment: chart.worker.rendered,
  };
}
