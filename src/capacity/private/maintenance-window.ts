// SPDX-License-Identifier: Apache-2.0
import { Duration, Token } from 'aws-cdk-lib';
import { MaintenanceWindow } from '../trino-node-pool';

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MACROS: { [macro: string]: string } = { '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0' };

/**
 * A maintenance window, parsed: when it opens (minutes from Sunday 00:00 UTC) and how long it stays open.
 * @internal
 */
export interface ParsedWindow {
  /** openings in the week, in minutes from Sunday 00:00 UTC, ascending */
  readonly openings: number[];
  readonly minutes: number;
  /** whether the window opens every day (day of week `*`) */
  readonly daily: boolean;
}

/**
 * A NodePool disruption budget (`spec.disruption.budgets[]`).
 * @internal
 */
export interface DisruptionBudget {
  readonly nodes: string;
  readonly reasons: string[];
  readonly schedule?: string;
  readonly duration?: string;
}

/**
 * Parses and validates a maintenance window. Karpenter budgets can only restrict disruption while they are active
 * (the most restrictive active budget wins: kubernetes-sigs/karpenter `pkg/apis/v1/nodepool.go`,
 * `GetAllowedDisruptionsByReason`), so the library renders the time *outside* the window as `nodes: "0"` budgets.
 * That needs a window that repeats every day or every week: a single minute and hour, any day of month and month.
 * @internal
 */
export function parseMaintenanceWindow(prop: string, window: MaintenanceWindow): ParsedWindow {
  const schedule = window.schedule;
  if (Token.isUnresolved(schedule)) {
    throw new Error(`\`${prop}.schedule\` must be a literal cron schedule, got a token.`);
  }
  const expanded = MACROS[schedule.trim().toLowerCase()] ?? schedule.trim();
  const fields = expanded.split(/\s+/);
  if (expanded.startsWith('@') || fields.length !== 5) {
    throw new Error(
      `\`${prop}.schedule\` must be a cron schedule of 5 fields in UTC (minute hour day-of-month month day-of-week, ` +
        `such as '0 2 * * sun'), or @daily or @weekly; got '${schedule}'.`,
    );
  }
  const [minuteField, hourField, domField, monthField, dowField] = fields;
  const minute = cronNumber(minuteField, 0, 59);
  const hour = cronNumber(hourField, 0, 23);
  const days = dowField === '*' ? [0, 1, 2, 3, 4, 5, 6] : daysOfWeek(dowField);
  if (minute === undefined || hour === undefined || domField !== '*' || monthField !== '*' || days === undefined) {
    throw new Error(
      `\`${prop}.schedule\` '${schedule}' is not a daily or weekly schedule: the minute (0-59) and the hour (0-23) must ` +
        'be single numbers, the day of month and the month \'*\', and the day of week \'*\', a day (0-6 or sun-sat) or ' +
        'a list or range of days (such as \'sat,sun\' or \'mon-fri\'). The library renders the time outside the ' +
        'window as Karpenter disruption budgets, which needs a window that repeats every day or week.',
    );
  }
  const openings = [...new Set(days)].sort((a, b) => a - b).map((d) => d * MINUTES_PER_DAY + hour * 60 + minute);

  const minutes = windowMinutes(`${prop}.duration`, window.duration);
  const shortestGap = Math.min(...openings.map((_o, i) => gapAfter(openings, i)));
  if (minutes >= shortestGap) {
    throw new Error(
      `\`${prop}.duration\` (${window.duration.toHumanString()}) must be shorter than the time between two openings ` +
        `of the window (${Duration.minutes(shortestGap).toHumanString()} for '${schedule}'), or the window never closes.`,
    );
  }
  return { openings, minutes, daily: dowField === '*' };
}

/**
 * The budgets that keep Karpenter from replacing drifted nodes outside the window: one `nodes: "0"` budget for
 * `Drifted` per closed period, which starts when the window closes and ends when it opens again (budgets with the same
 * closing time and length are merged into one cron schedule).
 * @internal
 */
export function closedWindowBudgets(parsed: ParsedWindow): DisruptionBudget[] {
  const groups = new Map<string, { start: number; length: number; days: number[] }>();
  parsed.openings.forEach((opening, i) => {
    const close = (opening + parsed.minutes) % MINUTES_PER_WEEK;
    const length = gapAfter(parsed.openings, i) - parsed.minutes;
    const start = close % MINUTES_PER_DAY;
    const key = `${start}/${length}`;
    const group = groups.get(key) ?? { start, length, days: [] };
    group.days.push(Math.floor(close / MINUTES_PER_DAY));
    groups.set(key, group);
  });
  return [...groups.values()]
    .map((g) => ({ ...g, days: [...g.days].sort((a, b) => a - b) }))
    .sort((a, b) => a.days[0] - b.days[0] || a.start - b.start)
    .map((g) => ({
      nodes: '0',
      reasons: ['Drifted'],
      schedule: `${g.start % 60} ${Math.floor(g.start / 60)} * * ${parsed.daily || g.days.length === 7 ? '*' : g.days.join(',')}`,
      duration: hoursAndMinutes(g.length),
    }));
}

/**
 * The window in words, for messages and docs: `every Sunday 02:00-06:00 UTC`.
 * @internal
 */
export function describeWindow(parsed: ParsedWindow): string {
  const time = (m: number) => `${pad(Math.floor((m % MINUTES_PER_DAY) / 60))}:${pad(m % 60)}`;
  const first = parsed.openings[0];
  const span = `${time(first)}-${time(first + parsed.minutes)} UTC`;
  if (parsed.daily) return `every day ${span}`;
  const names = parsed.openings.map((o) => DAY_NAME_LONG[Math.floor(o / MINUTES_PER_DAY)]);
  const days = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `every ${days} ${span}`;
}

const DAY_NAME_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** minutes from an opening to the next one, round the week */
function gapAfter(openings: number[], i: number): number {
  const next = i + 1 < openings.length ? openings[i + 1] : openings[0] + MINUTES_PER_WEEK;
  return next - openings[i];
}

function cronNumber(field: string, min: number, max: number): number | undefined {
  if (!/^\d{1,2}$/.test(field)) return undefined;
  const n = Number(field);
  return n >= min && n <= max ? n : undefined;
}

/** A day-of-week field (`sun`, `0`, `1-5`, `sat,sun`, `5-7`; ranges go forward, 7 is Sunday), as days 0-6. */
function daysOfWeek(field: string): number[] | undefined {
  const days: number[] = [];
  for (const item of field.split(',')) {
    const range = item.split('-');
    if (range.length > 2) return undefined;
    const bounds = range.map(dayNumber);
    if (bounds.some((b) => b === undefined)) return undefined;
    const [from, to] = [bounds[0]!, bounds[bounds.length - 1]!];
    if (to < from) return undefined;
    for (let d = from; d <= to; d++) days.push(d % 7);
  }
  return days;
}

function dayNumber(s: string): number | undefined {
  const name = DAY_NAMES.indexOf(s.toLowerCase());
  if (name >= 0) return name;
  // cron allows 7 for Sunday
  return /^[0-7]$/.test(s) ? Number(s) : undefined;
}

function windowMinutes(prop: string, d: Duration): number {
  let minutes: number;
  try {
    minutes = d.toMinutes();
  } catch {
    throw new Error(
      `\`${prop}\` must be a whole number of minutes (Karpenter budget durations take hours and minutes only), got ` +
        `${d.toSeconds({ integral: false })} seconds.`,
    );
  }
  if (Token.isUnresolved(minutes)) {
    throw new Error(`\`${prop}\` must be a literal duration, got a token.`);
  }
  if (minutes < 1) {
    throw new Error(`\`${prop}\` must be at least 1 minute, got ${d.toHumanString()}.`);
  }
  return minutes;
}

/** A duration in the form Karpenter's budget `duration` pattern accepts: `20h`, `45m`, `164h30m`. */
function hoursAndMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}
