// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';

/**
 * A Trino resource group: a queue with concurrency and memory limits.
 *
 * @see https://trino.io/docs/current/admin/resource-groups.html
 */
export interface ResourceGroup {
  /** Group name (a segment of the group id, such as `global` or `adhoc`). */
  readonly name: string;

  /** Most queries running at once in this group. */
  readonly hardConcurrencyLimit: number;

  /** Most queries waiting in this group; more are rejected. */
  readonly maxQueued: number;

  /**
   * Memory the group's queries may use before new ones queue: a percentage of the cluster memory (`80%`) or a
   * size (`100GB`).
   *
   * @default '100%'
   */
  readonly softMemoryLimit?: string;

  /**
   * How queued queries are picked: `fair`, `weighted`, `weighted_fair` or `query_priority`.
   *
   * @default - Trino's default, `fair`
   */
  readonly schedulingPolicy?: string;

  /**
   * Weight of this group under a `weighted` or `weighted_fair` parent.
   *
   * @default - Trino's default, 1
   */
  readonly schedulingWeight?: number;

  /**
   * Child groups.
   *
   * @default - none
   */
  readonly subGroups?: ResourceGroup[];
}

/**
 * Which queries go to which group. The first selector that matches wins.
 */
export interface ResourceGroupSelector {
  /** Id of the group, its names joined with `.` (for example `global.adhoc`). */
  readonly group: string;

  /**
   * Regular expression on the user name.
   *
   * @default - any user
   */
  readonly user?: string;

  /**
   * Regular expression on the query source (the client's `--source`).
   *
   * @default - any source
   */
  readonly source?: string;

  /**
   * Query type: `SELECT`, `EXPLAIN`, `DESCRIBE`, `INSERT`, `UPDATE`, `MERGE`, `DELETE`, `ANALYZE` or `DATA_DEFINITION`.
   *
   * @default - any type
   */
  readonly queryType?: string;

  /**
   * Client tags the query must all carry.
   *
   * @default - no tag needed
   */
  readonly clientTags?: string[];
}

/**
 * Properties of a resource-groups configuration.
 */
export interface ResourceGroupsProps {
  /** Top-level groups. */
  readonly rootGroups: ResourceGroup[];

  /** Selectors, tried in order. */
  readonly selectors: ResourceGroupSelector[];
}

const SCHEDULING_POLICIES = ['fair', 'weighted', 'weighted_fair', 'query_priority'];
const QUERY_TYPES = ['SELECT', 'EXPLAIN', 'DESCRIBE', 'INSERT', 'UPDATE', 'MERGE', 'DELETE', 'ANALYZE', 'DATA_DEFINITION'];

/**
 * Trino's file-based resource groups (`resource-groups.json` on the coordinator): admission control that queues
 * queries beyond a concurrency limit instead of overloading the coordinator and workers.
 */
export class ResourceGroups {
  /**
   * One global group that runs at most `maxRunning` queries at once and queues up to `maxQueued` more.
   *
   * @param maxRunning most queries running at once
   * @param maxQueued most queries waiting (default 1000)
   */
  public static concurrencyLimit(maxRunning: number, maxQueued: number = 1000): ResourceGroups {
    return new ResourceGroups({
      rootGroups: [{ name: 'global', hardConcurrencyLimit: maxRunning, maxQueued, softMemoryLimit: '100%' }],
      selectors: [{ group: 'global' }],
    });
  }

  /**
   * Any resource-groups configuration.
   *
   * In Python, write each group and selector as its class (`ResourceGroup(...)`, `ResourceGroupSelector(...)`): a
   * dict inside a list is not converted to a struct and fails with a `SerializationError` (see docs/languages.md).
   *
   * @example
   * const groups = ResourceGroups.of({
   *   rootGroups: [{
   *     name: 'global',
   *     hardConcurrencyLimit: 20,
   *     maxQueued: 200,
   *     subGroups: [
   *       { name: 'etl', hardConcurrencyLimit: 5, maxQueued: 50 },
   *       { name: 'adhoc', hardConcurrencyLimit: 15, maxQueued: 150 },
   *     ],
   *   }],
   *   selectors: [{ group: 'global.etl', source: 'airflow.*' }, { group: 'global.adhoc' }],
   * });
   */
  public static of(props: ResourceGroupsProps): ResourceGroups {
    return new ResourceGroups(props);
  }

  /** The configuration. */
  public readonly props: ResourceGroupsProps;

  private constructor(props: ResourceGroupsProps) {
    if (props.rootGroups.length === 0) {
      throw new Error('`rootGroups` must contain at least one resource group.');
    }
    const ids = new Set<string>();
    const walk = (groups: ResourceGroup[], prefix: string) => {
      for (const g of groups) {
        if (!/^[a-zA-Z0-9_${}-]+$/.test(g.name)) {
          throw new Error(`Invalid resource group \`name\` '${g.name}': use letters, digits, '_' or '-'.`);
        }
        positiveInt(`hardConcurrencyLimit of group '${g.name}'`, g.hardConcurrencyLimit, 1);
        positiveInt(`maxQueued of group '${g.name}'`, g.maxQueued, 0);
        if (g.schedulingPolicy !== undefined && !SCHEDULING_POLICIES.includes(g.schedulingPolicy)) {
          throw new Error(
            `\`schedulingPolicy\` of group '${g.name}' must be one of ${SCHEDULING_POLICIES.join(', ')}, got: '${g.schedulingPolicy}'.`,
          );
        }
        if (g.softMemoryLimit !== undefined && !/^(\d+(\.\d+)?%|\d+(\.\d+)?\s*(B|kB|MB|GB|TB|PB))$/.test(g.softMemoryLimit)) {
          throw new Error(
            `\`softMemoryLimit\` of group '${g.name}' must be a percentage ('80%') or a data size ('100GB'), got: '${g.softMemoryLimit}'.`,
          );
        }
        const id = prefix ? `${prefix}.${g.name}` : g.name;
        if (ids.has(id)) {
          throw new Error(
            `Duplicate resource group \`name\` '${g.name}'${prefix ? ` under '${prefix}'` : ' among the root groups'}: ` +
              'sibling groups need unique names (Trino refuses the file otherwise).',
          );
        }
        ids.add(id);
        walk(g.subGroups ?? [], id);
      }
    };
    walk(props.rootGroups, '');
    if (props.selectors.length === 0) {
      throw new Error('`selectors` must contain at least one selector, or no query is admitted.');
    }
    for (const s of props.selectors) {
      if (!ids.has(s.group)) {
        throw new Error(`Selector \`group\` '${s.group}' names no resource group; groups: ${[...ids].join(', ')}.`);
      }
      if (s.queryType !== undefined && !QUERY_TYPES.includes(s.queryType)) {
        throw new Error(`Selector \`queryType\` must be one of ${QUERY_TYPES.join(', ')}, got: '${s.queryType}'.`);
      }
    }
    this.props = props;
  }

  /**
   * The `resource-groups.json` document.
   * @internal
   */
  public _toJson(): string {
    const group = (g: ResourceGroup): any => ({
      name: g.name,
      softMemoryLimit: g.softMemoryLimit ?? '100%',
      hardConcurrencyLimit: g.hardConcurrencyLimit,
      maxQueued: g.maxQueued,
      ...(g.schedulingPolicy ? { schedulingPolicy: g.schedulingPolicy } : {}),
      ...(g.schedulingWeight !== undefined ? { schedulingWeight: g.schedulingWeight } : {}),
      ...(g.subGroups && g.subGroups.length > 0 ? { subGroups: g.subGroups.map(group) } : {}),
    });
    const selector = (s: ResourceGroupSelector): any => ({
      ...(s.user ? { user: s.user } : {}),
      ...(s.source ? { source: s.source } : {}),
      ...(s.queryType ? { queryType: s.queryType } : {}),
      ...(s.clientTags ? { clientTags: s.clientTags } : {}),
      group: s.group,
    });
    return JSON.stringify({ rootGroups: this.props.rootGroups.map(group), selectors: this.props.selectors.map(selector) });
  }
}

function positiveInt(what: string, v: number, min: number) {
  if (Token.isUnresolved(v)) return;
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`\`${what}\` must be an integer of at least ${min}, got: ${v}.`);
  }
}
