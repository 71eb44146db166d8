// SPDX-License-Identifier: Apache-2.0
export * from './trino-cluster';
export * from './config/instance-spec';
export * from './config/sizing';
export * from './config/resource-groups';
export * from './config/file-system-cache';
export * from './config/placement';
export * from './catalogs';
export * from './capacity';
export * from './exchange';
export * from './autoscaling';
export * from './monitoring';
export * from './nag';
export * from './blueprints/trino-addon';
export * from './verify';
export * from './security';
