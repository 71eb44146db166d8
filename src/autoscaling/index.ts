// SPDX-License-Identifier: Apache-2.0
export * from './scaler-metrics';
export * from './trino-keda-scaler';
