// SPDX-License-Identifier: Apache-2.0
/**
 * A model of how Karpenter evaluates NodePool disruption budgets, for the capacity tests (not a test file), written
 * from kubernetes-sigs/karpenter v1.14.1 `pkg/apis/v1/nodepool.go`: the allowed disruptions for a reason are the
 * minimum over the budgets that list it (or list no reason) and are active; a budget with a schedule is active when
 * the last time the cron schedule (UTC) hit is at most `duration` ago (`IsActive`: `Next(now - duration) <= now`).
 * It only reads the schedules the pools render: `minute hour * * day-of-week` with `*` or a list of days 0-6.
 */

export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** The minutes of the week (from Sunday 00:00 UTC) at which a `m h * * dow` schedule hits. */
function hits(schedule: string): number[] {
  const [m, h, dom, month, dow] = schedule.split(' ');
  if (dom !== '*' || month !== '*' || !/^\d+$/.test(m) || !/^\d+$/.test(h)) {
    throw new Error(`the budget model does not read the schedule '${schedule}'`);
  }
  const days = dow === '*' ? [0, 1, 2, 3, 4, 5, 6] : dow.split(',').map(Number);
  return days.map((d) => d * 1440 + Number(h) * 60 + Number(m));
}

/** A budget `duration` (`164h`, `30m`, `21h30m`) in minutes. */
function minutes(duration: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
  if (!match || duration === '') throw new Error(`the budget model does not read the duration '${duration}'`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

function isActive(budget: any, minuteOfWeek: number): boolean {
  if (budget.schedule === undefined) return true;
  const length = minutes(budget.duration);
  // a hit h is the last one within the duration when 0 <= now - h < duration (round the week)
  return hits(budget.schedule).some((h) => {
    const since = (((minuteOfWeek - h) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    return since < length;
  });
}

/** How many nodes of a one-node pool Karpenter may disrupt for a reason at a minute of the week. */
export function allowedDisruptions(budgets: any[], reason: string, minuteOfWeek: number): number {
  let allowed = Number.MAX_SAFE_INTEGER;
  for (const b of budgets) {
    if (b.reasons !== undefined && !b.reasons.includes(reason)) continue;
    if (!isActive(b, minuteOfWeek)) continue;
    const nodes = b.nodes.endsWith('%') ? Math.ceil(Number(b.nodes.slice(0, -1)) / 100) : Number(b.nodes);
    allowed = Math.min(allowed, nodes);
  }
  return allowed;
}

/** The minutes of the week at which drift may disrupt a node, as `[from, to)` ranges. */
export function driftOpenRanges(budgets: any[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let t = 0; t < MINUTES_PER_WEEK; t++) {
    const open = allowedDisruptions(budgets, 'Drifted', t) > 0;
    const last = ranges[ranges.length - 1];
    if (open && last && last[1] === t) last[1] = t + 1;
    else if (open) ranges.push([t, t + 1]);
  }
  return ranges;
}

/** Minute of the week: `at(0, 2, 0)` is Sunday 02:00 UTC. */
export function at(day: number, hour: number, minute = 0): number {
  return day * 1440 + hour * 60 + minute;
}
