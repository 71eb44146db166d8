// SPDX-License-Identifier: Apache-2.0
import { AspectPriority, Aspects, CfnResource } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { acknowledgeExact, EksPlumbingAcknowledger } from './private/eks-plumbing';
import { failSynthOnFindings } from './private/fail-synth';
import { TRINO_RULES } from './rules';

const ACKNOWLEDGER = Symbol.for('cdk-trino-eks.TrinoChecks.acknowledgeEksPlumbing');

/**
 * cdk-nag rules for Trino on Amazon EKS: the best practices of the Trino-on-EKS stack, checked at synth time on
 * what the library renders and on Trino Helm charts, Karpenter NodePools, KEDA ScaledObjects, buckets and IAM roles
 * you write by hand.
 *
 * A cdk-nag 3 pack (a CDK validation plugin). Rule ids are `Trino-<Rule>`; most report granular findings such as
 * `Trino-SingleZone[NodePool::trino-workers]` or `Trino-HeapShareOfContainer[Value::worker.jvm.maxHeapSize]`.
 * In cdk-nag 3 every finding, warning or error, fails the synth until it is fixed or acknowledged with
 * `Validations.of(construct).acknowledge({ id, reason })`. With aws-cdk-lib 2.261 a registered plugin only sets the
 * Node process's exit code, which Python, Java, .NET and Go apps do not see: add `TrinoChecks.failSynthOnFindings`
 * so that findings make `app.synth()` throw in every language. See docs/rules.md.
 *
 * @example
 * import { AwsSolutionsChecks } from 'cdk-nag';
 *
 * declare const app: App;
 * const awsSolutions = new AwsSolutionsChecks(app);
 * const trinoChecks = new trino.TrinoChecks(app);
 * Validations.of(app).addPlugins(awsSolutions, trinoChecks);
 * // findings fail app.synth() in every language, not only through the Node process's exit code
 * trino.TrinoChecks.failSynthOnFindings(app, [awsSolutions, trinoChecks]);
 * trino.TrinoChecks.acknowledgeEksPlumbing(app);
 */
export class TrinoChecks extends NagPack {
  /**
   * Acknowledges, with reasons, the AwsSolutions findings raised on what aws-cdk-lib creates to run `aws-eks`
   * clusters and custom resources: the kubectl and cluster-resource provider functions, their roles and policies
   * (AwsSolutions-IAM4 for the AWS managed policies aws-cdk-lib attaches, AwsSolutions-IAM5, AwsSolutions-L1), the
   * provider framework's waiter state machine (AwsSolutions-SF1, AwsSolutions-SF2), the kubectl handler role, the
   * cluster creation role and the cluster service role (its AmazonEKSClusterPolicy), and core custom-resource
   * providers (CfnUtils, S3 auto-delete objects). Each finding is acknowledged by its exact id on the resource that
   * raises it, when the app synthesizes (an aspect), so it also covers plumbing created after this call.
   *
   * Findings about your own choices are left alone: AwsSolutions-EKS1 (public endpoint: use
   * `endpointAccess: EndpointAccess.PRIVATE`), AwsSolutions-EKS2 (control-plane logs: set `clusterLogging` to all
   * five types), AwsSolutions-VPC7 (VPC flow logs: `vpc.addFlowLog(...)`), and anything on your resources.
   *
   * @param scope the app, stage or stack whose plumbing to acknowledge
   */
  public static acknowledgeEksPlumbing(scope: IConstruct): void {
    const marked = scope as unknown as { [ACKNOWLEDGER]?: boolean };
    if (marked[ACKNOWLEDGER]) return;
    marked[ACKNOWLEDGER] = true;
    Aspects.of(scope).add(new EksPlumbingAcknowledger(), { priority: AspectPriority.READONLY });
  }

  /**
   * Acknowledges one cdk-nag finding by its exact id on a construct and everything below it, with a reason:
   * `Validations.of(scope).acknowledge({ id, reason })`, except for ids that contain `::` two or more times
   * (`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:...]`), which aws-cdk-lib below about 2.263 rejects
   * with InvalidValidationId. Those are recorded under `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, the metadata
   * `acknowledge()` writes and cdk-nag packs read, so cdk-nag honours them on every aws-cdk-lib version.
   *
   * Use the bare finding id (`Trino-SingleZone[NodePool::trino-workers]`), not the plugin-prefixed one the CDK CLI
   * prints (`Trino::Trino-SingleZone[...]`).
   *
   * @param scope the construct the acknowledgment applies to, with everything below it
   * @param id the exact finding id
   * @param reason why the finding is accepted
   */
  public static acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
    acknowledgeExact(scope, id, reason);
  }

  /**
   * Makes every unacknowledged finding of the given cdk-nag packs fail `app.synth()`, in every language.
   *
   * With aws-cdk-lib 2.261 a validation plugin that finds something prints its report, writes
   * `validation-report.json` and sets the exit code of the Node process. In TypeScript that process is the app, so
   * `cdk synth` stops. A Python, Java, .NET or Go app runs aws-cdk-lib in a jsii kernel, a Node child process whose
   * exit code nobody reads: `app.synth()` returns normally and `python app.py` exits 0, so a CI job or a script that
   * runs the app goes on.
   *
   * This adds a construct validation to `scope` (`scope.node.addValidation`) that runs the packs on `scope` during
   * `synth()`, before any template is written, and fails with one line per unacknowledged finding (its id, severity,
   * construct path and description). A construct validation error is an exception every jsii language re-raises:
   * `app.synth()` throws (a `RuntimeError` in Python, a jsii `RuntimeException` in Java), and an uncaught one makes
   * the app exit non-zero. Acknowledgments count as they do for the plugins: by bare id on the construct or above
   * it (`TrinoChecks.acknowledgeRule`, `Validations.of(c).acknowledge`), or as `<plugin>::<rule>` anywhere in the app.
   * The context `@aws-cdk/core:failSynthOnValidationErrors: false`, which turns plugin failures into a report only,
   * turns this off too.
   *
   * The packs need not be registered with `Validations.of(app).addPlugins(...)`; register them as well to keep the
   * report in the cloud assembly (written only when the synth gets that far, i.e. without findings). Calling this
   * again on the same scope adds packs to the same check.
   *
   * @param scope the app (or stage, or stack) whose findings fail the synth
   * @param packs the cdk-nag 3 packs to run, for example `[new AwsSolutionsChecks(), new TrinoChecks()]`
   */
  public static failSynthOnFindings(scope: IConstruct, packs: NagPack[]): void {
    failSynthOnFindings(scope, packs);
  }

  /** The plugin name in the validation report: `Trino`. */
  public readonly name = 'Trino';

  /**
   * @param scope the app, used only when `props.writeSuppressionsToCloudFormation` is set
   * @param props cdk-nag pack options
   */
  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Trino';
  }

  protected checkResource(node: CfnResource): void {
    for (const { metadata, rule } of TRINO_RULES) {
      this.applyRule({
        ruleSuffixOverride: metadata.suffix,
        info: metadata.info,
        explanation: `${metadata.why} Fix: ${metadata.fix}`,
        level: metadata.level,
        node,
        rule,
      });
    }
  }
}
