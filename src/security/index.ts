// SPDX-License-Identifier: Apache-2.0
export * from './access-control';
export * from './network-policy';
export * from './secrets-store-csi-driver';
export * from './trino-authentication';
export * from './trino-endpoint';
