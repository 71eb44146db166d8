// SPDX-License-Identifier: Apache-2.0
export * from './trino-smoke-test';
