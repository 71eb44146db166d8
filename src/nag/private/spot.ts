// SPDX-License-Identifier: Apache-2.0
import { finding } from './findings';
import { TrinoChartRef } from './kubernetes';
import {
  CAPACITY_TYPE, CAPACITY_TYPES, candidatePools, intersect, NodePoolView, placementKey, podCapacityTypes, poolValues, releasePlacement, SPOT,
} from './placement';

function poolAllowsSpot(pool: NodePoolView, podTypes: Set<string>): boolean {
  const v = poolValues(pool, CAPACITY_TYPE);
  return v !== 'absent' && (intersect(v, podTypes) === 'any' || (intersect(v, podTypes) as Set<string>).has(SPOT));
}

/**
 * How the workers of a release can end up on Spot, as findings: the Spot pools they can run on, or their own
 * node selection when it asks for Spot and no pool is known. Empty when they cannot run on Spot, or when their
 * placement holds an unresolved reference.
 */
export function spotExposure(ref: TrinoChartRef): string[] {
  const { pools, worker, unresolved } = releasePlacement(ref);
  if (unresolved.worker) return [];
  const podTypes = podCapacityTypes(worker);
  if (!podTypes.has(SPOT)) return [];
  const spotPools = candidatePools(worker, pools).filter((p) => poolAllowsSpot(p, podTypes));
  if (spotPools.length > 0) return spotPools.map((p) => finding('NodePool', p.name));
  // no Spot pool known: only the pods' own selection can ask for Spot
  return podTypes.size < CAPACITY_TYPES.length ? [finding('Value', placementKey(worker, CAPACITY_TYPE))] : [];
}

/**
 * How the workers of a release are kept off Spot, as findings: their node selection excludes Spot, or every pool
 * they select allows only On-Demand. Empty when they can run on Spot, select no pool, or their placement holds an
 * unresolved reference.
 */
export function onDemandOnly(ref: TrinoChartRef): string[] {
  const { pools, worker, unresolved } = releasePlacement(ref);
  if (unresolved.worker) return [];
  const podTypes = podCapacityTypes(worker);
  if (!podTypes.has(SPOT)) return [finding('Value', placementKey(worker, CAPACITY_TYPE))];
  if (!worker.constrained) return [];
  return candidatePools(worker, pools)
    .filter((p) => !poolAllowsSpot(p, podTypes))
    .map((p) => finding('NodePool', p.name));
}
