// SPDX-License-Identifier: Apache-2.0
import { Construct } from 'constructs';
import { Catalog, CatalogBindOptions, CatalogConfig } from './catalog';
import { validateSplits } from './private/splits';

/**
 * Properties of a TPC-H catalog.
 */
export interface TpchCatalogProps {
  /**
   * Catalog name.
   * @default 'tpch'
   */
  readonly name?: string;

  /**
   * Splits each worker generates per table scan (`tpch.splits-per-node`).
   * @default 4
   */
  readonly splitsPerNode?: number;
}

/**
 * The TPC-H data generator (`connector.name=tpch`): benchmark tables generated on the fly, no storage needed.
 *
 * @see https://trino.io/docs/current/connector/tpch.html
 */
export class TpchCatalog extends Catalog {
  private readonly splitsPerNode: number;

  constructor(props: TpchCatalogProps = {}) {
    super(props.name ?? 'tpch', 'tpch', false);
    this.splitsPerNode = props.splitsPerNode ?? 4;
    validateSplits(this.splitsPerNode);
  }

  public bind(_scope: Construct, _options: CatalogBindOptions): CatalogConfig {
    return { properties: { 'tpch.splits-per-node': String(this.splitsPerNode) } };
  }
}
