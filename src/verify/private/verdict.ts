// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'crypto';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TrinoChecks } from '../../nag/trino-checks';

/** Most characters of a failure the verdict puts in CloudFormation's event reason (the response is at most 4096 bytes). @internal */
export const VERDICT_MAX_REASON = 2800;

/**
 * The verdict handler (Node.js, inline): passes a run whose result is `OK {json}` and returns its figures as
 * attributes; fails the resource, with the pod's text as the reason, for anything else: a `FAILED ...` message, the
 * log tail Kubernetes substitutes when the script died (`FallbackToLogsOnError`), or an empty result. Behind the
 * aws-cdk-lib provider framework, whose onEvent function turns a thrown error into a FAILED response with the
 * error's text and "Logs: /aws/lambda/<function>" as the reason (aws-cdk-lib custom-resources
 * lib/provider-framework/runtime/framework.js, invokeUserFunction; cfn-response.js, safeHandler).
 * @internal
 */
export const VERDICT_HANDLER = `
exports.handler = async (event) => {
  const p = event.ResourceProperties || {};
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const result = String(p.Result || '');
  const where = 'pod ' + p.Namespace + '/' + p.Pod;
  console.log(JSON.stringify({ requestType: event.RequestType, pod: p.Pod, namespace: p.Namespace, runId: p.RunId, result: result }));
  if (result.startsWith('OK ')) {
    let r;
    try { r = JSON.parse(result.slice(3)); } catch (e) { r = undefined; }
    if (r && typeof r.summary === 'string' && typeof r.coldSeconds === 'number' && typeof r.warmSeconds === 'number') {
      return {
        PhysicalResourceId: 'trino-smoke-' + p.RunId,
        Data: {
          Summary: r.summary,
          ColdStartSeconds: String(r.coldSeconds),
          WarmQuerySeconds: String(r.warmSeconds),
          WorkerWaitSeconds: r.workerWaitSeconds === null || r.workerWaitSeconds === undefined ? 'unknown' : String(r.workerWaitSeconds),
        },
      };
    }
  }
  const text = result.startsWith('FAILED ')
    ? result
    : 'it ended without a verdict (the script did not finish; the end of its log follows): ' + (result || '(empty)');
  throw new Error(('Trino smoke test (' + where + ') failed: ' + text).slice(0, ${VERDICT_MAX_REASON}));
};
`;

const SINGLETON_ID = 'cdk-trino-eks.TrinoSmokeTestVerdict';

/**
 * The stack's one verdict provider: the handler above, the provider framework in front of it, their roles (log
 * writes to one log group, and invoking the handler) and that log group.
 * @internal
 */
export function verdictProvider(scope: Construct): cr.Provider {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(SINGLETON_ID) as Construct | undefined;
  if (existing) return existing.node.findChild('Provider') as cr.Provider;

  const root = new Construct(stack, SINGLETON_ID);
  // The handler has a name known at synth, so that its log group can be the one Lambda writes to by default,
  // `/aws/lambda/<name>`, created here with a retention: the provider framework ends a failure's reason with
  // "Logs: /aws/lambda/<name>" (framework.js, invokeUserFunction), which then names the right log group.
  const functionName = verdictFunctionName(stack, root);
  const logGroup = new logs.LogGroup(root, 'Logs', {
    logGroupName: `/aws/lambda/${functionName}`,
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const handlerRole = new iam.Role(root, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'TrinoSmokeTest verdict handler: writes its log group, nothing else',
  });
  logGroup.grantWrite(handlerRole);
  const handler = new lambda.Function(root, 'Handler', {
    functionName,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(VERDICT_HANDLER),
    timeout: Duration.seconds(30),
    memorySize: 128,
    role: handlerRole,
    description: 'cdk-trino-eks TrinoSmokeTest: fails the deployment with the failing statement and Trino\'s error',
  });
  handler.node.addDependency(logGroup);
  const frameworkRole = new iam.Role(root, 'FrameworkRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'TrinoSmokeTest provider framework: invokes the verdict handler and writes its log group',
  });
  logGroup.grantWrite(frameworkRole);
  const provider = new cr.Provider(root, 'Provider', {
    onEventHandler: handler,
    frameworkOnEventRole: frameworkRole,
    logGroup,
  });
  // The provider framework grants its role lambda:InvokeFunction on the handler and on `<handler ARN>:*` (its
  // versions and aliases): aws-cdk-lib's grantInvoke, which takes no narrower resource.
  const handlerLogicalId = stack.getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
  TrinoChecks.acknowledgeRule(frameworkRole, `AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
    'The aws-cdk-lib provider framework grants itself lambda:InvokeFunction on the verdict handler and its versions ' +
      '(`<ARN>:*`); the handler is this stack\'s own function and the grant names no other.');
  const framework = provider.node.tryFindChild('framework-onEvent');
  if (framework) {
    TrinoChecks.acknowledgeRule(framework, 'AwsSolutions-L1',
      'The provider framework\'s onEvent function runtime is chosen by aws-cdk-lib; it moves when aws-cdk-lib is upgraded.');
  }
  return provider;
}

/**
 * `TrinoSmokeVerdict-<hash>`: the hash of the stack name (when known at synth) and the construct path keeps two
 * stacks in one account and region apart.
 * @internal
 */
export function verdictFunctionName(stack: Stack, scope: Construct): string {
  const name = Token.isUnresolved(stack.stackName) ? '' : stack.stackName;
  return `TrinoSmokeVerdict-${createHash('sha256').update(`${name}/${scope.node.path}`).digest('hex').slice(0, 16)}`;
}
