// SPDX-License-Identifier: Apache-2.0
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TrinoSizing } from '../../src';

const it = (t: string) => new ec2.InstanceType(t);

describe('TrinoSizing table', () => {
  test('covers r6i, r7i, r8g, r7g, r6g, m6i and m7g from xlarge to 16xlarge', () => {
    const supported = TrinoSizing.supportedInstanceTypes();
    for (const family of ['r6i', 'r7i', 'r8g', 'r7g', 'r6g', 'm6i', 'm7g']) {
      for (const size of ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']) {
        expect(supported).toContain(`${family}.${size}`);
      }
    }
  });

  test('knows the hardware: r8g.4xlarge is 16 vCPU, 128 GiB, ARM_64; m6i.xlarge is 4 vCPU, 16 GiB, X86_64', () => {
    const r8g = TrinoSizing.instanceSpec(it('r8g.4xlarge'));
    expect([r8g.vcpus, r8g.memory.toGibibytes(), r8g.architecture]).toEqual([16, 128, ec2.InstanceArchitecture.ARM_64]);
    const m6i = TrinoSizing.instanceSpec(it('m6i.xlarge'));
    expect([m6i.vcpus, m6i.memory.toGibibytes(), m6i.architecture]).toEqual([4, 16, ec2.InstanceArchitecture.X86_64]);
  });
});

describe('TrinoSizing rules (every supported instance type)', () => {
  const all = TrinoSizing.supportedInstanceTypes().map((t) => [t, TrinoSizing.forInstanceType(it(t))] as const);

  test.each(all)('%s: heap is 70–85% of the container memory and at most 256 GiB', (_t, s) => {
    expect(s.heap.toMebibytes()).toBeLessThanOrEqual(256 * 1024);
    if (s.heap.toMebibytes() < 256 * 1024) {
      expect(s.heapShareOfContainer).toBeGreaterThanOrEqual(0.7);
      expect(s.heapShareOfContainer).toBeLessThanOrEqual(0.85);
    }
  });

  test.each(all)('%s: query.max-memory-per-node is about 80% of the heap, and with headroom fits the heap', (_t, s) => {
    const ratio = s.queryMaxMemoryPerNode.toMebibytes() / s.heap.toMebibytes();
    expect(ratio).toBeGreaterThan(0.79);
    expect(ratio).toBeLessThanOrEqual(0.8);
    expect(s.queryMaxMemoryPerNode.toMebibytes() + s.heapHeadroom.toMebibytes()).toBeLessThanOrEqual(
      s.heap.toMebibytes(),
    );
    expect(s.heapHeadroom.toMebibytes()).toBeGreaterThan(0);
  });

  test.each(all)('%s: the container fits the node after kubelet, eviction and DaemonSet reservations', (_t, s) => {
    const nodeMiB = s.instance.memory.toMebibytes();
    expect(s.containerMemory.toMebibytes()).toBeLessThan(nodeMiB * 0.925 - 1565 - 1024 + 1);
    expect(s.containerCpuMillis).toBeLessThan(s.instance.vcpus * 1000 - 500);
  });
});

describe('TrinoSizing numbers', () => {
  test('r8g.4xlarge: the container gets 128 GiB × 0.925 − 1465 MiB kubelet − 100 MiB eviction − 1 GiB DaemonSets', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'));
    expect(s.containerMemory.toMebibytes()).toBe(Math.floor(131072 * 0.925 - 1465 - 100 - 1024));
    expect(s.heap.toMebibytes()).toBe(Math.floor(s.containerMemory.toMebibytes() * 0.8));
    expect(s.queryMemoryShareOfInstance).toBeGreaterThan(0.55);
    // 16 vCPU: 16000m − (60 + 10 + 5 + 5 + 12 × 2.5) kubelet − 500 DaemonSets
    expect(s.containerCpuMillis).toBe(16000 - 110 - 500);
  });

  test('caps the heap at 256 GiB on the largest instances', () => {
    const s = TrinoSizing.forInstanceType(it('r6i.16xlarge'));
    expect(s.heap.toGibibytes()).toBe(256);
    expect(TrinoSizing.MAX_HEAP.toGibibytes()).toBe(256);
  });

  test('options override fractions and reservations', () => {
    const s = TrinoSizing.forInstanceType(it('r7g.8xlarge'), {
      heapFraction: 0.75,
      queryMemoryFraction: 0.7,
      daemonSetMemory: Size.gibibytes(2),
      daemonSetCpuMillis: 1000,
      kubeletMaxPods: 58,
    });
    const container = Math.floor(262144 * 0.925 - (255 + 11 * 58) - 100 - 2048);
    expect(s.containerMemory.toMebibytes()).toBe(container);
    expect(s.heap.toMebibytes()).toBe(Math.floor(container * 0.75));
    expect(s.queryMaxMemoryPerNode.toMebibytes()).toBe(Math.floor(s.heap.toMebibytes() * 0.7));
    expect(s.containerCpuMillis).toBe(32000 - Math.ceil(60 + 10 + 10 + 28 * 2.5) - 1000);
  });

  test('an explicit heap', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'), { heap: Size.gibibytes(90) });
    expect(s.heap.toGibibytes()).toBe(90);
  });

  test('forInstance sizes any instance', () => {
    const s = TrinoSizing.forInstance({
      instanceType: 'x8g.4xlarge',
      vcpus: 16,
      memory: Size.gibibytes(256),
      architecture: ec2.InstanceArchitecture.ARM_64,
    });
    expect(s.instance.instanceType).toBe('x8g.4xlarge');
    expect(s.heap.toMebibytes()).toBeGreaterThan(180 * 1024);
  });
});

describe('TrinoSizing bad input', () => {
  test('unknown instance type names the type and the supported families', () => {
    expect(() => TrinoSizing.forInstanceType(it('c7g.4xlarge'))).toThrow(
      /Unknown instance type 'c7g.4xlarge': TrinoSizing supports r8g, r7g, r6g, .* from xlarge to 16xlarge/,
    );
  });

  test.each([
    [{ heapFraction: 0.9 }, /`heapFraction` must be between 0.7 and 0.85, got: 0.9/],
    [{ heapFraction: 0.5 }, /`heapFraction` must be between 0.7 and 0.85, got: 0.5/],
    [{ queryMemoryFraction: 0.95 }, /`queryMemoryFraction` must be between 0.5 and 0.85, got: 0.95/],
    [{ kubeletMaxPods: 0 }, /`kubeletMaxPods` must be an integer between 1 and 1024, got: 0/],
    [{ daemonSetCpuMillis: 1.5 }, /`daemonSetCpuMillis` must be an integer/],
  ])('%j', (options, message) => {
    expect(() => TrinoSizing.forInstanceType(it('r8g.4xlarge'), options)).toThrow(message);
  });

  test('heap over 256 GB', () => {
    expect(() => TrinoSizing.forInstanceType(it('r6i.16xlarge'), { heap: Size.gibibytes(300) })).toThrow(
      /`heap` must be at most 256 GiB .* got 300 GiB/,
    );
  });

  test('heap larger than the container', () => {
    expect(() => TrinoSizing.forInstanceType(it('r8g.xlarge'), { heap: Size.gibibytes(40) })).toThrow(
      /`heap` \(40 GiB\) must be smaller than the container memory of 'r8g.xlarge'/,
    );
  });

  test('instance too small for Trino', () => {
    expect(() =>
      TrinoSizing.forInstance({
        instanceType: 't4g.small',
        vcpus: 2,
        memory: Size.gibibytes(2),
        architecture: ec2.InstanceArchitecture.ARM_64,
      }),
    ).toThrow(/leaves -?\d+ MiB for Trino/);
  });
});
