// SPDX-License-Identifier: Apache-2.0
import { Duration, Token } from 'aws-cdk-lib';
import { PodToleration, TrinoRole } from './placement';
import { FILE_SYSTEM_CACHE_CONNECTORS, FileSystemCacheModel } from './private/file-system-cache';
import { TrinoSizing } from './sizing';
import { TrinoPropertiesKind, validatePropertyText, validateTrinoProperties } from './trino-properties';
import type { SecurityModel } from '../security/private/bind-security';
import { SecretsModel } from '../security/private/secrets';

export * from './placement';

/**
 * Where a role's pods run: what the pool that provides their nodes tells TrinoCluster.
 * @internal
 */
export interface RolePlacement {
  readonly nodeSelector: { [key: string]: string };
  readonly tolerations: PodToleration[];
  /** who contributed it, for conflict messages */
  readonly source: string;
}

/**
 * The KEDA ScaledObject the chart renders for the workers (`server.keda`).
 * @internal
 */
export interface KedaModel {
  readonly pollingInterval: Duration;
  readonly cooldownPeriod: Duration;
  readonly initialCooldownPeriod?: Duration;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly triggers: any[];
  /** the user KEDA reads the coordinator's `/metrics` as over plain HTTP, when it does (`management.user`) */
  readonly managementUser?: string;
  readonly advanced?: any;
  readonly fallback?: any;
}

/**
 * Prometheus scraping through the chart's JMX exporter sidecar and ServiceMonitors.
 * @internal
 */
export interface PrometheusModel {
  readonly serviceMonitorLabels: { [key: string]: string };
  readonly scrapeInterval: Duration;
  /** JMX object names (or ObjectName patterns) the exporter exports */
  readonly objectNames: string[];
  /** also run the exporter and a ServiceMonitor on the workers (the coordinator always has them) */
  readonly scrapeWorkers?: boolean;
  /** the exporter sidecar image, pinned */
  readonly exporterImage: string;
}

/**
 * What one construct asks of the Prometheus scrape: the JMX exporter sidecar and the chart's ServiceMonitors are one
 * per cluster, so requests from several constructs (the scaler's metrics source, TrinoMonitoring) merge.
 * @internal
 */
export interface PrometheusScrapeRequest {
  /** labels the ServiceMonitors need (merged; one key with two values is a conflict) */
  readonly serviceMonitorLabels: { [key: string]: string };
  /** the scrape interval, when the construct's user chose one (two different choices are a conflict) */
  readonly scrapeInterval?: Duration;
  /** JMX object names the construct reads (merged) */
  readonly objectNames: string[];
  /** whether the construct reads the workers too (any request turns it on) */
  readonly scrapeWorkers: boolean;
  /** the exporter image, when the construct's user chose one (two different choices are a conflict) */
  readonly exporterImage?: string;
}

/** Scrape interval when no construct chooses one (the ServiceMonitor `interval`). @internal */
export const DEFAULT_SCRAPE_INTERVAL = Duration.seconds(15);

/** A property value and who set it. */
interface Owned {
  readonly value: string;
  readonly source: string;
}

/** Scope of a config.properties entry. */
export type PropertyScope = 'both' | TrinoRole;

/**
 * The one model of a Trino deployment's configuration. Constructs contribute to it through its methods (each checks
 * names against Trino 480 and refuses conflicting values); `config/chart.ts` renders it once into chart values.
 * @internal
 */
export class TrinoConfig {
  public coordinatorSizing: TrinoSizing;
  public workerSizing: TrinoSizing;
  public minWorkers: number;
  public maxWorkers: number;
  public gracefulShutdown?: Duration;
  /** worker `terminationGracePeriodSeconds` when longer than the chart's minimum, 2 x `gracefulShutdown` */
  public workerTerminationGracePeriod?: Duration;
  public keda?: KedaModel;
  public prometheus?: PrometheusModel;
  /** the TrinoMonitoring of the cluster, when there is one */
  public monitoring?: string;
  public exchange?: { baseDirectories: string[]; properties: Map<string, Owned> };
  /** the file system cache, when on; set before catalogs are added */
  public fileSystemCache?: FileSystemCacheModel;
  /** secrets the pods read from Secrets Manager at start */
  public readonly secrets = new SecretsModel();
  /** authentication, access control and the endpoint, when any is on */
  public security?: SecurityModel;
  public readonly placement: { [role: string]: RolePlacement | undefined } = {};
  public readonly podAnnotations: { [role: string]: { [key: string]: string } } = { coordinator: {}, worker: {} };

  private readonly config = new Map<string, { scope: PropertyScope } & Owned>();
  private readonly nodeProps = new Map<string, Owned>();
  private readonly catalogs = new Map<string, { connector: string; properties: { [k: string]: string }; cache: boolean }>();

  /** Who chose the Prometheus scrape settings so far (for conflict messages). */
  private readonly prometheusChoices: {
    labels: { [key: string]: string };
    scrapeInterval?: { value: Duration; source: string };
    exporterImage?: { value: string; source: string };
  } = { labels: {} };

  constructor(init: {
    coordinatorSizing: TrinoSizing;
    workerSizing: TrinoSizing;
    minWorkers: number;
    maxWorkers: number;
  }) {
    this.coordinatorSizing = init.coordinatorSizing;
    this.workerSizing = init.workerSizing;
    this.minWorkers = init.minWorkers;
    this.maxWorkers = init.maxWorkers;
  }

  /**
   * Sets a config.properties entry. Setting the same name twice with different values is an error that names both
   * contributors, unless `override` is set (the user's explicit extra properties).
   */
  public setConfigProperty(name: string, value: string, scope: PropertyScope, source: string, override = false) {
    validateTrinoProperties(source, 'config', { [name]: value });
    const existing = this.config.get(name);
    if (existing && !override && existing.value !== value) {
      throw new Error(
        `Conflicting values for Trino property '${name}': '${existing.value}' (from ${existing.source}) and ` +
          `'${value}' (from ${source}).`,
      );
    }
    this.config.set(name, { value, scope, source });
  }

  /** The config.properties entries of one role, in insertion order. */
  public configProperties(role: TrinoRole): { [name: string]: string } {
    const out: { [name: string]: string } = {};
    for (const [name, e] of this.config) {
      if (e.scope === 'both' || e.scope === role) out[name] = e.value;
    }
    return out;
  }

  /** The config.properties entries set for both roles alike. */
  public sharedConfigProperties(): { [name: string]: string } {
    const out: { [name: string]: string } = {};
    for (const [name, e] of this.config) if (e.scope === 'both') out[name] = e.value;
    return out;
  }

  /** The entries that only one role gets. */
  public roleOnlyConfigProperties(role: TrinoRole): { [name: string]: string } {
    const out: { [name: string]: string } = {};
    for (const [name, e] of this.config) if (e.scope === role) out[name] = e.value;
    return out;
  }

  public hasConfigProperty(name: string): boolean {
    return this.config.has(name);
  }

  public configProperty(name: string): string | undefined {
    return this.config.get(name)?.value;
  }

  public setNodeProperty(name: string, value: string, source: string) {
    validateTrinoProperties(source, 'node', { [name]: value });
    const existing = this.nodeProps.get(name);
    if (existing && existing.value !== value) {
      throw new Error(
        `Conflicting values for Trino node property '${name}': '${existing.value}' (from ${existing.source}) and '${value}' (from ${source}).`,
      );
    }
    this.nodeProps.set(name, { value, source });
  }

  public nodeProperties(): { [name: string]: string } {
    return Object.fromEntries([...this.nodeProps].map(([k, v]) => [k, v.value]));
  }

  /**
   * Adds a catalog; names are unique. Properties of the four known connectors are checked against Trino 480.
   * `fileSystemCache` is the catalog's choice (undefined: cache when the cluster has a cache and the connector can).
   */
  public addCatalog(
    name: string,
    connector: string,
    properties: { [k: string]: string },
    source: string,
    fileSystemCache?: boolean,
  ) {
    if (this.catalogs.has(name)) {
      throw new Error(
        `Duplicate catalog name '${name}' (from ${source}): each catalog needs a unique name. Catalogs so far: ${[
          ...this.catalogs.keys(),
        ].join(', ')}.`,
      );
    }
    const kind = `catalog-${connector}` as TrinoPropertiesKind;
    if (['hive', 'iceberg', 'tpch', 'tpcds'].includes(connector)) {
      validateTrinoProperties(source, kind, properties);
    }
    validatePropertyText(source, properties, true);
    const cache = this.catalogCaches(connector, properties, source, fileSystemCache);
    this.catalogs.set(name, { connector, properties: { 'connector.name': connector, ...properties }, cache });
  }

  /** Whether a catalog caches, refusing what cannot work. */
  private catalogCaches(
    connector: string,
    properties: { [k: string]: string },
    source: string,
    wanted: boolean | undefined,
  ): boolean {
    const capable = FILE_SYSTEM_CACHE_CONNECTORS.includes(connector);
    if (wanted === true && !this.fileSystemCache) {
      throw new Error(
        `${source} sets \`fileSystemCache: true\`, but the TrinoCluster has no \`fileSystemCache\`: give the cluster ` +
          'one (it places the cache on the nodes\' local NVMe) or leave the catalog\'s option unset.',
      );
    }
    if (wanted === true && !capable) {
      throw new Error(
        `${source} sets \`fileSystemCache: true\`, but its connector '${connector}' cannot cache: Trino's file ` +
          `system cache works for the ${FILE_SYSTEM_CACHE_CONNECTORS.join(', ')} connectors.`,
      );
    }
    const cache = !!this.fileSystemCache && capable && wanted !== false;
    const own = Object.keys(properties).filter((k) => k.startsWith('fs.cache.'));
    if (cache && own.length > 0) {
      throw new Error(
        `${source} sets ${own.join(', ')}, which the TrinoCluster's \`fileSystemCache\` renders for it (a directory ` +
          'of its own on the cache volume, its share of the disk, the TTL). Remove them, or set the catalog\'s ' +
          '`fileSystemCache: false` to keep the catalog out of the cluster\'s cache.',
      );
    }
    return cache;
  }

  /** Names of the catalogs that read through the file system cache, in the order they were added. */
  public cachingCatalogs(): string[] {
    return [...this.catalogs].filter(([, c]) => c.cache).map(([name]) => name);
  }

  public catalogNames(): string[] {
    return [...this.catalogs.keys()];
  }

  public catalogEntries(): Array<{ name: string; connector: string; properties: { [k: string]: string }; cache: boolean }> {
    return [...this.catalogs].map(([name, c]) => ({ name, connector: c.connector, properties: c.properties, cache: c.cache }));
  }

  /** Sets the exchange manager (fault-tolerant execution spooling). Only one exchange per cluster. */
  public setExchange(baseDirectories: string[], properties: { [k: string]: string }, source: string) {
    if (this.exchange) {
      throw new Error(`A Trino cluster has one exchange manager; ${source} tried to set a second one.`);
    }
    validateTrinoProperties(source, 'exchange-manager', properties);
    const props = new Map<string, Owned>();
    for (const [k, v] of Object.entries(properties)) props.set(k, { value: v, source });
    this.exchange = { baseDirectories, properties: props };
  }

  public exchangeProperties(): { [k: string]: string } {
    if (!this.exchange) return {};
    return Object.fromEntries([...this.exchange.properties].map(([k, v]) => [k, v.value]));
  }

  /** Places a role's pods on the nodes of a pool. A role has one placement. */
  public setPlacement(role: TrinoRole, placement: RolePlacement) {
    const existing = this.placement[role];
    if (existing) {
      throw new Error(`The Trino ${role} pods are already placed by ${existing.source}; ${placement.source} cannot place them too.`);
    }
    this.placement[role] = placement;
  }

  public addPodAnnotation(role: TrinoRole, key: string, value: string) {
    this.podAnnotations[role][key] = value;
  }

  /** Hands the worker replica count to KEDA. */
  public setKeda(model: KedaModel, source: string) {
    if (this.keda) {
      throw new Error(`The Trino workers already have a KEDA scaler; ${source} cannot add a second one.`);
    }
    this.keda = model;
  }

  /**
   * Turns on worker graceful shutdown. `terminationGracePeriod`, when given, is how long Kubernetes waits for a
   * worker to exit (at least 2 x the grace period, which the chart demands, and the default).
   */
  public setGracefulShutdown(gracePeriod: Duration, terminationGracePeriod?: Duration) {
    if (!Token.isUnresolved(gracePeriod.toSeconds()) && gracePeriod.toSeconds() < 1) {
      throw new Error(`The worker shutdown grace period must be at least 1 second, got: ${gracePeriod.toHumanString()}.`);
    }
    this.gracefulShutdown = gracePeriod;
    this.workerTerminationGracePeriod = terminationGracePeriod;
  }

  /**
   * Asks for the Prometheus scrape (JMX exporter sidecar and ServiceMonitors). Requests merge: labels and object names
   * add up, workers are scraped when any request needs them; an interval, exporter image or label value chosen twice
   * differently is an error naming both contributors. `defaultExporterImage` applies when no request chooses one.
   */
  public addPrometheusScrape(request: PrometheusScrapeRequest, source: string, defaultExporterImage: string) {
    const labels = { ...(this.prometheus?.serviceMonitorLabels ?? {}) };
    for (const [key, value] of Object.entries(request.serviceMonitorLabels)) {
      const owner = this.prometheusChoices.labels[key];
      if (owner && labels[key] !== value) {
        throw new Error(
          `Conflicting ServiceMonitor label '${key}': '${labels[key]}' (from ${owner}) and '${value}' (from ${source}). ` +
            'The Trino chart renders one ServiceMonitor per role for both: give them the same value.',
        );
      }
      labels[key] = value;
      this.prometheusChoices.labels[key] = owner ?? source;
    }
    const interval = this.choose('scrapeInterval', request.scrapeInterval, source, (d) => d.toHumanString(),
      (a, b) => Token.isUnresolved(a.toMilliseconds()) || Token.isUnresolved(b.toMilliseconds()) || a.toMilliseconds() === b.toMilliseconds());
    const image = this.choose('exporterImage', request.exporterImage, source, (i) => i, (a, b) => a === b);
    this.prometheus = {
      serviceMonitorLabels: labels,
      scrapeInterval: interval ?? DEFAULT_SCRAPE_INTERVAL,
      objectNames: [...new Set([...(this.prometheus?.objectNames ?? []), ...request.objectNames])],
      scrapeWorkers: (this.prometheus?.scrapeWorkers ?? false) || request.scrapeWorkers,
      exporterImage: image ?? defaultExporterImage,
    };
  }

  private choose<K extends 'scrapeInterval' | 'exporterImage', T extends Duration | string>(
    key: K, value: T | undefined, source: string, show: (v: T) => string, same: (a: T, b: T) => boolean,
  ): T | undefined {
    const existing = this.prometheusChoices[key] as { value: T; source: string } | undefined;
    if (value === undefined) return existing?.value;
    if (existing && !same(existing.value, value)) {
      throw new Error(
        `Conflicting \`${key}\` for the Trino JMX exporter: ${show(existing.value)} (from ${existing.source}) and ` +
          `${show(value)} (from ${source}). The cluster has one exporter sidecar per pod: choose one value.`,
      );
    }
    if (!existing) (this.prometheusChoices as any)[key] = { value, source };
    return value;
  }

  /**
   * Records the cluster's monitoring (one per cluster).
   */
  public setMonitoring(source: string) {
    if (this.monitoring) {
      throw new Error(`The Trino cluster is already monitored by ${this.monitoring}; ${source} cannot add a second TrinoMonitoring.`);
    }
    this.monitoring = source;
  }
}
