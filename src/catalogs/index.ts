// SPDX-License-Identifier: Apache-2.0
export * from './catalog';
export * from './glue-catalog-options';
export * from './tpch-catalog';
export * from './tpcds-catalog';
export * from './hive-catalog';
export * from './iceberg-catalog';
export * from './custom-catalog';
