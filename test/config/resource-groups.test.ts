// SPDX-License-Identifier: Apache-2.0
import { ResourceGroups } from '../../src';

describe('ResourceGroups', () => {
  test('concurrencyLimit renders one global group', () => {
    expect(JSON.parse(ResourceGroups.concurrencyLimit(40, 200)._toJson())).toEqual({
      rootGroups: [{ name: 'global', softMemoryLimit: '100%', hardConcurrencyLimit: 40, maxQueued: 200 }],
      selectors: [{ group: 'global' }],
    });
  });

  test.each([
    [{ rootGroups: [], selectors: [{ group: 'x' }] }, /`rootGroups` must contain at least one/],
    [
      { rootGroups: [{ name: 'g', hardConcurrencyLimit: 0, maxQueued: 1 }], selectors: [{ group: 'g' }] },
      /`hardConcurrencyLimit of group 'g'` must be an integer of at least 1, got: 0/,
    ],
    [
      { rootGroups: [{ name: 'g', hardConcurrencyLimit: 1, maxQueued: 1 }], selectors: [{ group: 'h' }] },
      /Selector `group` 'h' names no resource group; groups: g/,
    ],
    [
      { rootGroups: [{ name: 'g', hardConcurrencyLimit: 1, maxQueued: 1 }], selectors: [] },
      /`selectors` must contain at least one selector/,
    ],
    [
      {
        rootGroups: [{ name: 'g', hardConcurrencyLimit: 1, maxQueued: 1, schedulingPolicy: 'random' }],
        selectors: [{ group: 'g' }],
      },
      /`schedulingPolicy` of group 'g' must be one of fair, weighted, weighted_fair, query_priority, got: 'random'/,
    ],
    [
      {
        rootGroups: [{ name: 'g', hardConcurrencyLimit: 1, maxQueued: 1, softMemoryLimit: 'lots' }],
        selectors: [{ group: 'g' }],
      },
      /`softMemoryLimit` of group 'g' must be a percentage/,
    ],
    [
      { rootGroups: [{ name: 'g', hardConcurrencyLimit: 1, maxQueued: 1 }], selectors: [{ group: 'g', queryType: 'FOO' }] },
      /Selector `queryType` must be one of/,
    ],
  ])('fails for %j', (props, message) => {
    expect(() => ResourceGroups.of(props as any)).toThrow(message);
  });
});
