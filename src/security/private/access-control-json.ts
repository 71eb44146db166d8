// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';
import { AccessControlRules, AccessRuleSubject, CatalogAccess, QueryAccess, SystemInformationAccess, TablePrivilege } from '../access-control';

/**
 * The rules file of Trino's file-based system access control (`security.config-file`), from the typed rules. The
 * management user (the KEDA scaler's), when given, gets the first rule of each section it needs: read system
 * information, no catalog.
 * @internal
 */
export function accessControlJson(rules: AccessControlRules, managementUser: string | undefined): string {
  const subject = (r: AccessRuleSubject) => ({
    ...(r.user !== undefined ? { user: r.user } : {}),
    ...(r.group !== undefined ? { group: r.group } : {}),
  });
  const doc: { [key: string]: any[] } = {};
  const catalogs = (rules.catalogs ?? []).map((r) => ({ ...subject(r), ...(r.catalog !== undefined ? { catalog: r.catalog } : {}), allow: r.allow }));
  if (managementUser !== undefined) {
    // Without catalog rules Trino allows every catalog to everyone; the management user must get none, so the
    // section exists from now on: keep everyone else's access as it was (allow all) when the user gave no rules.
    catalogs.unshift({ user: exact(managementUser), allow: CatalogAccess.NONE } as any);
    if ((rules.catalogs ?? []).length === 0) catalogs.push({ allow: CatalogAccess.ALL } as any);
  }
  if (catalogs.length > 0) doc.catalogs = catalogs;
  if (rules.schemas) {
    doc.schemas = rules.schemas.map((r) => ({
      ...subject(r),
      ...(r.catalog !== undefined ? { catalog: r.catalog } : {}),
      ...(r.schema !== undefined ? { schema: r.schema } : {}),
      owner: r.owner,
    }));
  }
  if (rules.tables) {
    doc.tables = rules.tables.map((r) => ({
      ...subject(r),
      ...(r.catalog !== undefined ? { catalog: r.catalog } : {}),
      ...(r.schema !== undefined ? { schema: r.schema } : {}),
      ...(r.table !== undefined ? { table: r.table } : {}),
      privileges: [...r.privileges],
      ...(r.filter !== undefined ? { filter: r.filter } : {}),
    }));
  }
  const queries = (rules.queries ?? [{ allow: [QueryAccess.EXECUTE] }]).map((r) => ({
    ...subject(r),
    ...(r.queryOwner !== undefined ? { queryOwner: r.queryOwner } : {}),
    allow: [...r.allow],
  }));
  doc.queries = queries;
  const system = (rules.systemInformation ?? []).map((r) => ({ ...(r.user !== undefined ? { user: r.user } : {}), allow: [...r.allow] }));
  if (managementUser !== undefined) system.unshift({ user: exact(managementUser), allow: [SystemInformationAccess.READ] });
  if (system.length > 0) doc.system_information = system;
  return JSON.stringify(doc, undefined, 2);
}

/** A Java regular expression that matches exactly one name. */
function exact(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Checks typed rules: known enum values, non-empty regular expressions, and catalogs that exist. `catalogNames` is
 * every catalog of the cluster plus `system`. Returns problems, each naming the rule.
 * @internal
 */
export function accessControlProblems(rules: AccessControlRules, catalogNames: string[]): string[] {
  const problems: string[] = [];
  const known = [...catalogNames, 'system'];
  const checkSubject = (where: string, r: AccessRuleSubject) => {
    for (const key of ['user', 'group'] as const) {
      const v = r[key];
      if (v !== undefined && !Token.isUnresolved(v)) checkRegex(`${where}.${key}`, v, problems);
    }
  };
  const checkCatalog = (where: string, catalog: string | undefined) => {
    if (catalog === undefined || Token.isUnresolved(catalog)) return;
    if (!checkRegex(`${where}.catalog`, catalog, problems)) return;
    const re = new RegExp(`^(?:${catalog})$`);
    if (!known.some((c) => re.test(c))) {
      problems.push(
        `\`accessControl.${where}.catalog\` '${catalog}' matches no catalog of the cluster; catalogs: ${known.join(', ')}.`,
      );
    }
  };
  (rules.catalogs ?? []).forEach((r, i) => {
    const where = `catalogs[${i}]`;
    checkSubject(where, r);
    checkCatalog(where, r.catalog);
    if (!Object.values(CatalogAccess).includes(r.allow)) {
      problems.push(`\`accessControl.${where}.allow\` ${JSON.stringify(r.allow)} is not one of ${Object.values(CatalogAccess).join(', ')} (CatalogAccess).`);
    }
  });
  (rules.schemas ?? []).forEach((r, i) => {
    const where = `schemas[${i}]`;
    checkSubject(where, r);
    checkCatalog(where, r.catalog);
    if (r.schema !== undefined && !Token.isUnresolved(r.schema)) checkRegex(`${where}.schema`, r.schema, problems);
    if (typeof r.owner !== 'boolean') problems.push(`\`accessControl.${where}.owner\` must be true or false, got: ${JSON.stringify(r.owner)}.`);
  });
  (rules.tables ?? []).forEach((r, i) => {
    const where = `tables[${i}]`;
    checkSubject(where, r);
    checkCatalog(where, r.catalog);
    for (const key of ['schema', 'table'] as const) {
      const v = r[key];
      if (v !== undefined && !Token.isUnresolved(v)) checkRegex(`${where}.${key}`, v, problems);
    }
    for (const p of r.privileges ?? []) {
      if (!Object.values(TablePrivilege).includes(p)) {
        problems.push(`\`accessControl.${where}.privileges\` has ${JSON.stringify(p)}, not one of ${Object.values(TablePrivilege).join(', ')} (TablePrivilege).`);
      }
    }
    if (!Array.isArray(r.privileges)) problems.push(`\`accessControl.${where}.privileges\` is required (an empty list denies the tables).`);
  });
  (rules.queries ?? []).forEach((r, i) => {
    const where = `queries[${i}]`;
    checkSubject(where, r);
    if (r.queryOwner !== undefined && !Token.isUnresolved(r.queryOwner)) checkRegex(`${where}.queryOwner`, r.queryOwner, problems);
    for (const a of r.allow ?? []) {
      if (!Object.values(QueryAccess).includes(a)) {
        problems.push(`\`accessControl.${where}.allow\` has ${JSON.stringify(a)}, not one of execute, view, kill (QueryAccess).`);
      }
    }
  });
  (rules.systemInformation ?? []).forEach((r, i) => {
    const where = `systemInformation[${i}]`;
    if (r.user !== undefined && !Token.isUnresolved(r.user)) checkRegex(`${where}.user`, r.user, problems);
    if ((r as any).group !== undefined) {
      // Trino's SystemInformationRule has `user` and `role` only, and the rules file is parsed with
      // FAIL_ON_UNKNOWN_PROPERTIES: a `group` there stops the coordinator
      problems.push(`\`accessControl.${where}.group\` is not supported: Trino's system information rules match users only; use \`user\`.`);
    }
    for (const a of r.allow ?? []) {
      if (!Object.values(SystemInformationAccess).includes(a)) {
        problems.push(`\`accessControl.${where}.allow\` has ${JSON.stringify(a)}, not one of read, write (SystemInformationAccess).`);
      }
    }
  });
  return problems;
}

function checkRegex(where: string, value: string, problems: string[]): boolean {
  if (value.length === 0) {
    problems.push(`\`accessControl.${where}\` is empty: leave it unset to match everything, or use '.*'.`);
    return false;
  }
  try {
    new RegExp(value);
    return true;
  } catch (e) {
    problems.push(`\`accessControl.${where}\` ${JSON.stringify(value)} is not a valid regular expression: ${(e as Error).message}.`);
    return false;
  }
}
