// SPDX-License-Identifier: Apache-2.0
/** The access line `bash scripts/synth.sh` prints for each sample's Trino release, from its chart values. */
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describeAccess } from '../../scripts/synth-examples';
import { CatalogAccess, TrinoAuthentication, TrinoCluster, TrinoClusterProps } from '../../src';
import { ENV, importCluster } from '../util';

function values(props: Partial<TrinoClusterProps>): any {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  return stack.resolve(new TrinoCluster(stack, 'Trino', { cluster: importCluster(stack, 'Cluster', 'analytics'), ...props })._renderValues());
}

const secure = (stack = new Stack()): Partial<TrinoClusterProps> => ({
  endpoint: {
    domainName: 'trino.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-west-2:111122223333:certificate/abc'),
    internetFacing: true,
    sourceCidrs: ['203.0.113.0/24', '198.51.100.7/32'],
  },
  authentication: TrinoAuthentication.password({
    passwordFile: Secret.fromSecretCompleteArn(stack, 'File', 'arn:aws:secretsmanager:us-west-2:111122223333:secret:pw-AbCdEf'),
  }),
  accessControl: { catalogs: [{ group: 'admins', allow: CatalogAccess.ALL }, { allow: CatalogAccess.NONE }] },
  networkPolicy: { loadBalancerCidrs: ['10.0.0.0/16'] },
});

test('the default: in-cluster only, no authentication, no access control', () => {
  expect(describeAccess(values({}))).toBe(
    'access: endpoint in-cluster only (Service, kubectl port-forward); authentication none (any client names its user); ' +
      'access control none (every user may do everything)',
  );
});

test('secure: the endpoint with its scheme and CIDRs, the authentication type, the rules per section', () => {
  expect(describeAccess(values(secure()))).toBe(
    'access: endpoint https://trino.example.com (ALB, internet-facing, ELBSecurityPolicy-TLS13-1-2-2021-06, sources ' +
      '203.0.113.0/24 198.51.100.7/32); authentication PASSWORD; access control 2 catalogs, 0 schemas, 0 tables, ' +
      "0 system information rule(s) (unset sections: Trino's default, allow all)",
  );
});
