// SPDX-License-Identifier: Apache-2.0
export * from './trino-cluster';
export { InstanceSpec } from './config/instance-types';
export * from './config/sizing';
export * from './config/resource-groups';
export { TrinoRole, PodToleration } from './config/trino-config';
export * from './catalogs';
