// SPDX-License-Identifier: Apache-2.0
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * Password authentication from a password file kept in AWS Secrets Manager.
 */
export interface PasswordAuthenticationOptions {
  /**
   * The secret whose value (the whole secret string) is Trino's password file: one `user:hash` per line, the hash
   * bcrypt (`$2y$`, cost 8 or more, for example from `htpasswd -B -C 10 -n alice`) or PBKDF2. The coordinator reads it
   * from Secrets Manager at start and re-reads the mounted file every `refreshPeriod`, so a changed secret applies
   * without a restart (after the Secrets Store CSI driver's rotation poll).
   */
  readonly passwordFile: secretsmanager.ISecret;

  /**
   * A secret whose value is Trino's group file: one `group:user1,user2` per line. Groups can be used in access rules.
   *
   * @default - no groups
   */
  readonly groupFile?: secretsmanager.ISecret;

  /**
   * How often Trino re-reads the password and group files (`file.refresh-period`).
   *
   * @default Duration.minutes(1)
   */
  readonly refreshPeriod?: Duration;
}

/**
 * OAuth 2.0 / OpenID Connect authentication against any issuer, for the Web UI and the CLI and JDBC driver (their
 * `--external-authentication` flow). Trino 480 takes no groups from the token (`oauth2.groups-field` is deprecated
 * and later removed): access rules match OAuth 2.0 users by user name.
 */
export interface OAuth2AuthenticationOptions {
  /**
   * The issuer URL (`https://…`): the coordinator reads its OpenID provider metadata
   * (`/.well-known/openid-configuration`) at start, so it needs egress to it.
   */
  readonly issuer: string;

  /** The client id registered at the identity provider, with `https://<domainName>/oauth2/callback` as redirect URI. */
  readonly clientId: string;

  /** The secret holding the client secret. */
  readonly clientSecret: secretsmanager.ISecret;

  /**
   * The JSON field of `clientSecret` that holds the client secret.
   *
   * @default - the whole secret string is the client secret
   */
  readonly clientSecretField?: string;

  /**
   * Scopes requested (`http-server.authentication.oauth2.scopes`).
   *
   * @default ['openid']
   */
  readonly scopes?: string[];

  /**
   * The token claim that becomes the Trino user name (`http-server.authentication.oauth2.principal-field`). Access
   * rules match that name.
   *
   * @default 'sub'
   */
  readonly principalField?: string;
}

/**
 * OpenID Connect authentication against an Amazon Cognito user pool.
 */
export interface CognitoAuthenticationOptions {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;

  /**
   * The app client: created with `generateSecret: true`, the authorization code grant, the `openid` scope (plus
   * `email` for the default principal) and `https://<domainName>/oauth2/callback` among its callback URLs. Its secret is
   * copied into a Secrets Manager secret at deploy time (never into the template).
   */
  readonly userPoolClient: cognito.UserPoolClient;

  /**
   * The token claim that becomes the Trino user name.
   *
   * @default 'email'
   */
  readonly principalField?: string;

  /**
   * Scopes requested.
   *
   * @default ['openid', 'email']
   */
  readonly scopes?: string[];
}

/**
 * A secret value a pod reads at start, exposed to Trino as an environment variable or a file.
 * @internal
 */
export interface SecretReference {
  readonly secret: secretsmanager.ISecret;
  /** JSON field of the secret string; undefined: the whole string */
  readonly field?: string;
}

/**
 * What an authentication method contributes to the coordinator.
 * @internal
 */
export interface AuthenticationBinding {
  /** `http-server.authentication.type` */
  readonly type: string;
  /** coordinator config.properties entries; `${SECRET:<name>}` marks an environment variable from `secrets` */
  readonly properties: { [name: string]: string };
  /** secrets exposed as environment variables, by a short name */
  readonly envSecrets: { [name: string]: SecretReference };
  /** secrets exposed as files, by file name */
  readonly fileSecrets: { [fileName: string]: SecretReference };
  /** password authenticator file, when PASSWORD */
  readonly passwordFile?: string;
  /** group provider file, when there is a group file */
  readonly groupFile?: string;
  readonly refreshPeriod?: Duration;
  /** whether the method needs the client hop over TLS to work at all (OAuth 2.0 redirects) */
  readonly requiresTls: boolean;
}

/**
 * How clients authenticate to the coordinator. Workers never authenticate clients: they accept only the coordinator's
 * and each other's requests signed with the shared secret (and the NetworkPolicy keeps everyone else out).
 */
export abstract class TrinoAuthentication {
  /**
   * Users and password hashes from a password file kept in Secrets Manager (`PASSWORD`). The Web UI shows a login
   * form; the CLI and JDBC send the password with `--user` and `--password` over HTTPS.
   */
  public static password(options: PasswordAuthenticationOptions): TrinoAuthentication {
    if (!options || !options.passwordFile) {
      throw new Error(
        'TrinoAuthentication.password: `passwordFile` is required: the Secrets Manager secret holding the password file ' +
          '(one user:bcrypt-hash per line).',
      );
    }
    validateRefresh(options.refreshPeriod);
    return new PasswordAuthentication(options);
  }

  /**
   * OAuth 2.0 / OpenID Connect (`OAUTH2`) against any issuer. Needs the TLS endpoint: the identity provider redirects
   * the browser back to `https://<domainName>/oauth2/callback`.
   */
  public static oauth2(options: OAuth2AuthenticationOptions): TrinoAuthentication {
    if (!options || !options.clientSecret) {
      throw new Error('TrinoAuthentication.oauth2: `clientSecret` is required: the Secrets Manager secret holding the client secret.');
    }
    if (!Token.isUnresolved(options.issuer) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(options.issuer ?? '')) {
      throw new Error(
        `Invalid \`issuer\` ${JSON.stringify(options.issuer)}: use the https:// URL of the OpenID Connect issuer, for ` +
          "example 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_AbCdEfGhI'.",
      );
    }
    if (!Token.isUnresolved(options.clientId) && !/^\S+$/.test(options.clientId ?? '')) {
      throw new Error(`Invalid \`clientId\` ${JSON.stringify(options.clientId)}: use the client id the identity provider issued.`);
    }
    validateClaim('principalField', options.principalField);
    validateScopes(options.scopes);
    return new OAuth2Authentication(options);
  }

  /**
   * OpenID Connect against an Amazon Cognito user pool: `oauth2` with the pool as issuer, the app client's id, and its
   * secret copied into Secrets Manager at deploy time.
   */
  public static cognito(options: CognitoAuthenticationOptions): TrinoAuthentication {
    if (!options || !options.userPool || !options.userPoolClient) {
      throw new Error('TrinoAuthentication.cognito: `userPool` and `userPoolClient` are required.');
    }
    validateClaim('principalField', options.principalField);
    validateScopes(options.scopes);
    return new CognitoAuthentication(options);
  }

  /** The `http-server.authentication.type` of the method. */
  public abstract readonly authenticationType: string;

  /**
   * Binds the method to a cluster: creates what it needs in `scope`.
   * @internal
   */
  public abstract _bind(scope: Construct): AuthenticationBinding;
}

class PasswordAuthentication extends TrinoAuthentication {
  public readonly authenticationType = 'PASSWORD';
  constructor(private readonly options: PasswordAuthenticationOptions) {
    super();
  }
  public _bind(): AuthenticationBinding {
    const fileSecrets: { [name: string]: SecretReference } = { 'password.db': { secret: this.options.passwordFile } };
    if (this.options.groupFile) fileSecrets['group.db'] = { secret: this.options.groupFile };
    return {
      type: 'PASSWORD',
      properties: {},
      envSecrets: {},
      fileSecrets,
      passwordFile: 'password.db',
      groupFile: this.options.groupFile ? 'group.db' : undefined,
      refreshPeriod: this.options.refreshPeriod ?? Duration.minutes(1),
      requiresTls: false,
    };
  }
}

/** Environment variable name (after the prefix) of the OAuth 2.0 client secret. */
const OAUTH2_CLIENT_SECRET = 'OAUTH2_CLIENT_SECRET';

class OAuth2Authentication extends TrinoAuthentication {
  public readonly authenticationType = 'OAUTH2';
  constructor(private readonly options: OAuth2AuthenticationOptions) {
    super();
  }
  public _bind(): AuthenticationBinding {
    return oauth2Binding({
      issuer: this.options.issuer,
      clientId: this.options.clientId,
      clientSecret: { secret: this.options.clientSecret, field: this.options.clientSecretField },
      scopes: this.options.scopes ?? ['openid'],
      principalField: this.options.principalField,
    });
  }
}

class CognitoAuthentication extends TrinoAuthentication {
  public readonly authenticationType = 'OAUTH2';
  constructor(private readonly options: CognitoAuthenticationOptions) {
    super();
  }
  public _bind(scope: Construct): AuthenticationBinding {
    const pool = this.options.userPool;
    // the pool's own region: the issuer is where its tokens come from, whatever the cluster's region
    const region = Stack.of(pool).region;
    const secret = new secretsmanager.Secret(scope, 'CognitoClientSecret', {
      description: 'Client secret of the Cognito app client Trino authenticates users with (copied at deploy time)',
      secretStringValue: this.options.userPoolClient.userPoolClientSecret,
    });
    return oauth2Binding({
      issuer: `https://cognito-idp.${region}.amazonaws.com/${pool.userPoolId}`,
      clientId: this.options.userPoolClient.userPoolClientId,
      clientSecret: { secret },
      scopes: this.options.scopes ?? ['openid', 'email'],
      principalField: this.options.principalField ?? 'email',
    });
  }
}

function oauth2Binding(o: {
  issuer: string;
  clientId: string;
  clientSecret: SecretReference;
  scopes: string[];
  principalField?: string;
}): AuthenticationBinding {
  const properties: { [name: string]: string } = {
    'web-ui.authentication.type': 'oauth2',
    'http-server.authentication.oauth2.issuer': o.issuer,
    'http-server.authentication.oauth2.client-id': o.clientId,
    'http-server.authentication.oauth2.client-secret': `\${SECRET:${OAUTH2_CLIENT_SECRET}}`,
    'http-server.authentication.oauth2.scopes': o.scopes.join(','),
  };
  if (o.principalField) properties['http-server.authentication.oauth2.principal-field'] = o.principalField;
  return {
    type: 'OAUTH2',
    properties,
    envSecrets: { [OAUTH2_CLIENT_SECRET]: o.clientSecret },
    fileSecrets: {},
    requiresTls: true,
  };
}

function validateRefresh(refresh: Duration | undefined) {
  if (!refresh || Token.isUnresolved(refresh.toMilliseconds())) return;
  if (refresh.toMilliseconds() < 1000) {
    throw new Error(`\`refreshPeriod\` must be at least 1 second, got: ${refresh.toHumanString()}.`);
  }
}

function validateClaim(prop: string, claim: string | undefined) {
  if (claim === undefined || Token.isUnresolved(claim)) return;
  if (!/^[A-Za-z0-9_:.-]+$/.test(claim)) {
    throw new Error(`Invalid \`${prop}\` ${JSON.stringify(claim)}: use a token claim name such as 'sub', 'email' or 'groups'.`);
  }
}

function validateScopes(scopes: string[] | undefined) {
  if (!scopes) return;
  if (scopes.length === 0) throw new Error("`scopes` must not be empty: OpenID Connect needs at least 'openid'.");
  for (const s of scopes) {
    if (!Token.isUnresolved(s) && !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s)) {
      throw new Error(`Invalid scope ${JSON.stringify(s)} in \`scopes\`: a scope is printable ASCII without spaces, quotes or backslashes.`);
    }
    if (!Token.isUnresolved(s) && s.includes(',')) {
      throw new Error(`Invalid scope ${JSON.stringify(s)} in \`scopes\`: Trino separates scopes with ',' so a scope cannot contain one.`);
    }
  }
}
