// SPDX-License-Identifier: Apache-2.0
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrinoChecks, TrinoCluster } from '../../src';
import { ENV, importCluster } from '../util';

// A default TrinoCluster has these three findings (see trino-checks.test.ts).
const FINDINGS = [
  'Trino-CoordinatorOnDemand[Value::coordinator.nodeSelector]',
  'Trino-SingleZone[Value::coordinator.nodeSelector]',
  'Trino-SingleZone[Value::worker.nodeSelector]',
];

function withFindings(context?: { [key: string]: any }) {
  const app = new App({ context });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const trino = new TrinoCluster(stack, 'Trino', { cluster: importCluster(stack, 'Cluster', 'analytics') });
  return { app, stack, trino };
}

/** The error `app.synth()` throws, or undefined. */
function synthError(app: { synth(): unknown }): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('TrinoChecks.failSynthOnFindings', () => {
  test('unacknowledged findings make app.synth() throw, one line per finding with its severity, path and description', () => {
    const { app } = withFindings();
    TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
    const message = synthError(app);
    expect(message).toMatch(/^Validation failed with the following errors:\n {2}\[\] 3 unacknowledged cdk-nag finding\(s\) of Trino \(TrinoChecks\.failSynthOnFindings\)\. Fix each, or acknowledge it by its exact id with a reason: TrinoChecks\.acknowledgeRule\(construct, id, reason\)\./);
    for (const id of FINDINGS) {
      expect(message).toContain(`[] ${id} (warning) on Stack/Trino/Chart/Resource/Default: The Trino `);
    }
  });

  test('the app synthesizes when every finding is acknowledged by its bare id', () => {
    const { app, trino } = withFindings();
    TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
    for (const id of FINDINGS) TrinoChecks.acknowledgeRule(trino, id, 'This test cluster has no Karpenter pools on purpose.');
    expect(synthError(app)).toBeUndefined();
  });

  test('an acknowledgment as `<plugin>::<rule>` anywhere in the app counts, as aws-cdk-lib counts it for the plugins', () => {
    const { app, stack } = withFindings();
    TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
    // what Validations.acknowledge records for a plugin-prefixed id on aws-cdk-lib versions that accept several `::`
    stack.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [`Trino::${FINDINGS[0]}`]: 'The coordinator runs On-Demand by policy.' });
    const message = synthError(app)!;
    expect(message).toContain('2 unacknowledged cdk-nag finding(s)');
    expect(message).not.toContain(FINDINGS[0]);
  });

  test('the context @aws-cdk/core:failSynthOnValidationErrors=false turns it off, as it does for the plugins', () => {
    for (const value of [false, 'false']) {
      const { app } = withFindings({ '@aws-cdk/core:failSynthOnValidationErrors': value });
      TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
      expect(synthError(app)).toBeUndefined();
    }
  });

  test('the context set to true keeps it on', () => {
    const { app } = withFindings({ '@aws-cdk/core:failSynthOnValidationErrors': true });
    TrinoChecks.failSynthOnFindings(app, [new TrinoChecks()]);
    expect(synthError(app)).toContain('3 unacknowledged cdk-nag finding(s)');
  });

  test('every pack counts: AwsSolutions findings are listed with the Trino ones', () => {
    const { app, stack } = withFindings();
    new s3.Bucket(stack, 'Plain');
    TrinoChecks.failSynthOnFindings(app, [new AwsSolutionsChecks(), new TrinoChecks()]);
    const message = synthError(app)!;
    expect(message).toMatch(/\d+ unacknowledged cdk-nag finding\(s\) of AwsSolutions, Trino /);
    expect(message).toContain('AwsSolutions-S1 (error) on Stack/Plain/Resource: ');
    expect(message).toContain(FINDINGS[0]);
  });

  test('a second call adds its packs to the same check, and a pack given twice is run once', () => {
    const { app, stack } = withFindings();
    new s3.Bucket(stack, 'Plain');
    const trino = new TrinoChecks();
    TrinoChecks.failSynthOnFindings(app, [trino]);
    TrinoChecks.failSynthOnFindings(app, [trino, new AwsSolutionsChecks()]);
    const message = synthError(app)!;
    expect(message.match(/\[\] \d+ unacknowledged/g)).toHaveLength(1);
    expect(message.split(FINDINGS[0])).toHaveLength(2);
    expect(message).toContain('AwsSolutions-S1 (error) on Stack/Plain/Resource: ');
  });

  test('on a stack, only that stack\'s findings count', () => {
    const { app } = withFindings();
    const other = new Stack(app, 'Other', { env: ENV });
    new TrinoCluster(other, 'Trino', { cluster: importCluster(other, 'Cluster', 'other') });
    TrinoChecks.failSynthOnFindings(other, [new TrinoChecks()]);
    const message = synthError(app)!;
    expect(message).toContain('[Other] 3 unacknowledged cdk-nag finding(s)');
    expect(message).toContain('on Other/Trino/Chart/Resource/Default');
    expect(message).not.toContain('on Stack/Trino');
  });

  test('no packs is refused, naming the parameter', () => {
    const { app } = withFindings();
    expect(() => TrinoChecks.failSynthOnFindings(app, [])).toThrow(
      'TrinoChecks.failSynthOnFindings: `packs` is empty; pass the cdk-nag packs to enforce, e.g. [new AwsSolutionsChecks(), new TrinoChecks()].',
    );
  });

  test('something that is not a cdk-nag 3 pack is refused, naming its position', () => {
    const { app } = withFindings();
    expect(() => TrinoChecks.failSynthOnFindings(app, [new TrinoChecks(), { name: 'other' } as any])).toThrow(
      /^TrinoChecks\.failSynthOnFindings: packs\[1\] is not a cdk-nag 3 NagPack \(it has no validateScope\), got: /,
    );
  });
});
