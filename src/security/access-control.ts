// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';

/**
 * What a catalog rule allows (`allow` of a file-based access control catalog rule).
 */
export enum CatalogAccess {
  /** Every operation the catalog's connector supports. */
  ALL = 'all',
  /** Reads only: queries and metadata, no writes or DDL. */
  READ_ONLY = 'read-only',
  /** Nothing: the catalog is invisible to the matching users. */
  NONE = 'none',
}

/**
 * A table privilege of a file-based access control table rule.
 */
export enum TablePrivilege {
  /** Read rows (`SELECT`). */
  SELECT = 'SELECT',
  /** Add rows (`INSERT`). */
  INSERT = 'INSERT',
  /** Remove rows (`DELETE`). */
  DELETE = 'DELETE',
  /** Change rows (`UPDATE`, and `MERGE` with INSERT and DELETE). */
  UPDATE = 'UPDATE',
  /** Own the table: DDL such as `DROP TABLE` and `ALTER TABLE`. */
  OWNERSHIP = 'OWNERSHIP',
  /** Read rows and grant SELECT on the table to others. */
  GRANT_SELECT = 'GRANT_SELECT',
}

/**
 * What a system information rule allows: reading (the `/metrics` endpoint, `system.runtime` tables, the Web UI's
 * cluster overview) and writing (graceful shutdown of a node, `PUT /v1/info/state`).
 */
export enum SystemInformationAccess {
  /** Read system information. */
  READ = 'read',
  /** Write system information (shut a node down). */
  WRITE = 'write',
}

/**
 * Who a rule applies to. Each field is a Java regular expression matched against the whole name; unset fields match
 * everyone. A rule with neither `user` nor `group` applies to every user.
 */
export interface AccessRuleSubject {
  /**
   * Trino user names the rule applies to (a regular expression).
   *
   * @default - every user
   */
  readonly user?: string;

  /**
   * Group names the rule applies to (a regular expression). Groups come from the password authentication's group
   * file (`groupFile`) or the OAuth 2.0 `groupsField` claim.
   *
   * @default - every group
   */
  readonly group?: string;
}

/**
 * Access to catalogs: which users may see and use which catalogs.
 */
export interface CatalogAccessRule extends AccessRuleSubject {
  /**
   * The catalog(s): a catalog name of the cluster, `system`, or a regular expression that matches at least one of
   * them (checked at synth).
   *
   * @default - every catalog
   */
  readonly catalog?: string;

  /** What the rule allows. */
  readonly allow: CatalogAccess;
}

/**
 * Ownership of schemas: who may create, drop and alter schemas (and tables in them, with ownership).
 */
export interface SchemaAccessRule extends AccessRuleSubject {
  /**
   * The catalog(s), as in a catalog rule.
   *
   * @default - every catalog
   */
  readonly catalog?: string;

  /**
   * The schema(s), a regular expression.
   *
   * @default - every schema
   */
  readonly schema?: string;

  /** Whether the matching users own the matching schemas. */
  readonly owner: boolean;
}

/**
 * Privileges on tables, optionally with a row filter.
 */
export interface TableAccessRule extends AccessRuleSubject {
  /**
   * The catalog(s), as in a catalog rule.
   *
   * @default - every catalog
   */
  readonly catalog?: string;

  /**
   * The schema(s), a regular expression.
   *
   * @default - every schema
   */
  readonly schema?: string;

  /**
   * The table(s), a regular expression.
   *
   * @default - every table
   */
  readonly table?: string;

  /** The privileges granted; an empty list denies the tables. */
  readonly privileges: TablePrivilege[];

  /**
   * A row filter: an SQL boolean expression over the table's columns; matching users only see the rows it keeps.
   *
   * @default - no filter
   */
  readonly filter?: string;
}

/**
 * Access to system information: reading it (`/metrics`, the `system.runtime` tables) and writing it (shutting a node
 * down). Trino matches these rules on the user only: `group` is refused at synth.
 */
export interface SystemInformationAccessRule extends AccessRuleSubject {
  /** What the rule allows; an empty list denies. */
  readonly allow: SystemInformationAccess[];
}

/**
 * Typed rules of Trino's file-based system access control, rendered into the rules file the chart mounts on the
 * coordinator (`accessControl`, type `configmap`). Rules of each kind are evaluated in order and the first rule that
 * matches decides; a user no rule matches is denied. A kind left unset keeps Trino's default for a missing section:
 * every catalog, schema ownership and table privilege allowed to everyone, no system information to anyone.
 *
 * When the cluster has authentication and a TrinoKedaScaler that reads the coordinator's `/metrics`, the scaler's user
 * gets a first rule allowing it to read system information and denying it every catalog, ahead of your rules.
 */
export interface AccessControlRules {
  /**
   * Catalog rules, first match wins.
   *
   * @default - every user may use every catalog (Trino's default without catalog rules)
   */
  readonly catalogs?: CatalogAccessRule[];

  /**
   * Schema ownership rules, first match wins.
   *
   * @default - every user owns every schema (Trino's default without schema rules)
   */
  readonly schemas?: SchemaAccessRule[];

  /**
   * Table privilege rules, first match wins.
   *
   * @default - every user has every privilege on every table (Trino's default without table rules)
   */
  readonly tables?: TableAccessRule[];

  /**
   * System information rules, first match wins.
   *
   * @default - nobody may read or write system information, except the KEDA user (see above)
   */
  readonly systemInformation?: SystemInformationAccessRule[];

  /**
   * How often the coordinator re-reads the rules file (`security.refresh-period`), so a changed rule applies without a
   * restart.
   *
   * @default Duration.minutes(1)
   */
  readonly refreshPeriod?: Duration;
}
