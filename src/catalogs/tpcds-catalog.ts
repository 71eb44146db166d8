// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig } from './catalog';
import { validateSplits } from './private/splits';

/**
 * Properties of a TPC-DS catalog.
 */
export interface TpcdsCatalogProps {
  /**
   * Catalog name.
   * @default 'tpcds'
   */
  readonly name?: string;

  /**
   * Splits each worker generates per table scan (`tpcds.splits-per-node`).
   * @default 4
   */
  readonly splitsPerNode?: number;
}

/**
 * The TPC-DS data generator (`connector.name=tpcds`): benchmark tables generated on the fly, no storage needed.
 *
 * @see https://trino.io/docs/current/connector/tpcds.html
 */
export class TpcdsCatalog extends Catalog {
  private readonly splitsPerNode: number;

  constructor(props: TpcdsCatalogProps = {}) {
    super(props.name ?? 'tpcds', 'tpcds', false);
    this.splitsPerNode = props.splitsPerNode ?? 4;
    validateSplits(this.splitsPerNode);
  }

  public bind(_scope: Construct, _options: CatalogBindOptions): CatalogConfig {
    return { properties: { 'tpcds.splits-per-node': String(this.splitsPerNode) } };
  }
}
