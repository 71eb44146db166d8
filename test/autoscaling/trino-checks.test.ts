// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import { ScalerMetrics, TrinoChecks, TrinoCluster, TrinoKedaScaler, TrinoKedaScalerProps } from '../../src';
import { importedClusterStack } from '../util';

/** The autoscaling rules of TrinoChecks, which read the chart values TrinoKedaScaler produces. */
const AUTOSCALING_RULES = ['ScaledObjectTarget', 'ScaleToZeroRequiredWorkers', 'ScaledObjectCooldown', 'GracefulShutdownWhenScaling'];

function findings(props: Partial<TrinoKedaScalerProps>, releaseName = 'trino'): string[] {
  const { app, stack, cluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster, releaseName });
  new TrinoKedaScaler(stack, 'Scaler', { trino, ...props });
  return new TrinoChecks()
    .validateScope(app)
    .violations.map((v) => v.ruleName)
    .filter((n) => AUTOSCALING_RULES.some((r) => n === `Trino-${r}` || n.startsWith(`Trino-${r}[`)));
}

describe('TrinoChecks autoscaling rules accept what TrinoKedaScaler renders', () => {
  test.each<[string, Partial<TrinoKedaScalerProps>, string]>([
    ['defaults (scale to zero, metrics-api)', {}, 'trino'],
    ['release analytics', {}, 'analytics'],
    ['minWorkers 2, Prometheus', { minWorkers: 2, metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus-operated.monitoring.svc:9090' }) }, 'trino'],
  ])('%s: no finding', (_name, props, releaseName) => {
    expect(findings(props, releaseName)).toEqual([]);
  });

  test('a cooldown below the seed\'s 300 s is reported (the rule reads the scaler\'s value)', () => {
    expect(findings({ cooldownPeriod: Duration.seconds(60) })).toEqual(['Trino-ScaledObjectCooldown[Value::server.keda.cooldownPeriod]']);
  });
});
