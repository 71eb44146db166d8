// SPDX-License-Identifier: Apache-2.0
export * from './trino-node-pool';
export * from './trino-node-class';
export * from './spot-worker-pool';
export * from './coordinator-pool';
