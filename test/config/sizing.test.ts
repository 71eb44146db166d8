// SPDX-License-Identifier: Apache-2.0
import { Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TrinoSizing } from '../../src';
import { nodeEphemeralStorage } from '../../src/config/private/node-allocatable';

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

  // local NVMe in decimal GB: EC2 InstanceStorageInfo.TotalSizeInGB as aws/karpenter-provider-aws v1.14.1 lists it
  // (website/content/en/docs/reference/instance-types.md, label karpenter.k8s.aws/instance-local-nvme)
  test.each([
    ['r8gd.xlarge', 237],
    ['r7gd.2xlarge', 474],
    ['r6gd.4xlarge', 950],
    ['r6id.8xlarge', 1900],
    ['m8gd.12xlarge', 2850],
    ['m7gd.16xlarge', 3800],
    ['m6gd.2xlarge', 474],
    ['m6id.4xlarge', 950],
  ])('%s has %d GB of local NVMe instance store', (type, gb) => {
    expect(TrinoSizing.instanceSpec(it(type)).instanceStore?.toBytes()).toBe(gb * 1e9);
  });

  test('the d families have the vCPUs, memory, architecture and ENI-limited pods of their base family', () => {
    for (const [d, base] of [['r8gd', 'r8g'], ['r7gd', 'r7g'], ['r6gd', 'r6g'], ['r6id', 'r6i'], ['m8gd', 'm8g'], ['m7gd', 'm7g'], ['m6gd', 'm6g'], ['m6id', 'm6i']]) {
      for (const size of ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']) {
        const a = TrinoSizing.instanceSpec(it(`${d}.${size}`));
        const b = TrinoSizing.instanceSpec(it(`${base}.${size}`));
        expect([a.vcpus, a.memory.toGibibytes(), a.architecture, a.eniLimitedPods])
          .toEqual([b.vcpus, b.memory.toGibibytes(), b.architecture, b.eniLimitedPods]);
        expect(b.instanceStore).toBeUndefined();
      }
    }
  });

  test('types without instance store have none (EBS only)', () => {
    for (const t of ['r8g.4xlarge', 'm7g.2xlarge', 'r7i.8xlarge', 'm6a.xlarge']) {
      expect(TrinoSizing.instanceSpec(it(t)).instanceStore).toBeUndefined();
    }
  });

  // ENIs × (IPv4 per ENI − 1) + 2, from karpenter-provider-aws zz_generated.vpclimits.go (v1.14.1)
  test.each([
    ['r8g.xlarge', 58], // 4 × 15
    ['m7i.2xlarge', 58], // 4 × 15
    ['r8g.4xlarge', 234], // 8 × 30
    ['r6a.8xlarge', 234],
    ['m6g.12xlarge', 234],
    ['r7i.16xlarge', 737], // 15 × 50
  ])('%s has %d ENI-limited pods', (type, pods) => {
    expect(TrinoSizing.instanceSpec(it(type)).eniLimitedPods).toBe(pods);
  });
});

describe('TrinoSizing rules (every supported instance type)', () => {
  const all = TrinoSizing.supportedInstanceTypes().map((t) => [t, TrinoSizing.forInstanceType(it(t))] as const);

  test.each(all)('%s: the heap is under 256 GB (10^9 bytes) and, unless capped, 70–85% of the container', (_t, s) => {
    expect(s.heap.toMebibytes() * 2 ** 20).toBeLessThan(256e9);
    expect(s.heap.toMebibytes()).toBeLessThanOrEqual(TrinoSizing.MAX_HEAP.toMebibytes());
    if (!s.heapCapped) {
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

  test.each(all)('%s: the container and the DaemonSet allowance fit what Karpenter offers the node', (_t, s) => {
    expect(s.containerMemory.toMebibytes() + s.daemonSetMemory.toMebibytes()).toBeLessThanOrEqual(
      s.nodeAllocatableMemory.toMebibytes(),
    );
    expect(s.containerCpuMillis + s.daemonSetCpuMillis).toBeLessThanOrEqual(s.nodeAllocatableCpuMillis);
  });
});

describe('TrinoSizing follows Karpenter\'s model of an AL2023 node (karpenter-provider-aws types.go, v1.14.1)', () => {
  test('r8g.4xlarge (Graviton): 128 GiB − 64 MiB CMA − 7.5% VM overhead − kubelet for 234 pods − 100 MiB eviction', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'));
    const capacity = 131072 - 64 - Math.ceil((131072 - 64) * 0.075); // 121182
    const allocatable = capacity - (11 * 234 + 255) - 100;
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(allocatable);
    expect(allocatable).toBe(118253);
    // 16 vCPU: 16000m − (60 + 10 + 10 + 12000 × 0.25%) kubelet
    expect(s.nodeAllocatableCpuMillis).toBe(16000 - 110);
  });

  test('m7i.2xlarge (x86_64, no CMA reservation): 32 GiB − 7.5% − kubelet for 58 pods − 100 MiB', () => {
    const s = TrinoSizing.forInstanceType(it('m7i.2xlarge'));
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(32768 - Math.ceil(32768 * 0.075) - (11 * 58 + 255) - 100);
    expect(s.nodeAllocatableCpuMillis).toBe(8000 - (60 + 10 + 10 + 10));
  });

  test('r7i.16xlarge: 737 ENI-limited pods reserve 8362 MiB for the kubelet', () => {
    const s = TrinoSizing.forInstanceType(it('r7i.16xlarge'));
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(524288 - Math.ceil(524288 * 0.075) - 8362 - 100);
    expect(s.nodeAllocatableCpuMillis).toBe(64000 - (80 + 150));
  });

  test('Graviton nodes offer 64 MiB less memory (and 64 MiB less VM overhead on it) than x86 nodes of that size', () => {
    const arm = TrinoSizing.forInstanceType(it('r8g.4xlarge')).nodeAllocatableMemory.toMebibytes();
    const x86 = TrinoSizing.forInstanceType(it('r7i.4xlarge')).nodeAllocatableMemory.toMebibytes();
    expect(x86 - arm).toBe(64 - (Math.ceil(131072 * 0.075) - Math.ceil(131008 * 0.075)));
  });
});

describe('TrinoSizing defaults', () => {
  const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'));

  test('the DaemonSet allowance is 1 GiB and 500m, left out of the container', () => {
    expect(s.daemonSetMemory.toMebibytes()).toBe(1024);
    expect(s.daemonSetCpuMillis).toBe(500);
    expect(s.containerMemory.toMebibytes()).toBe(118253 - 1024);
    expect(s.containerCpuMillis).toBe(15890 - 500);
  });

  test('the heap is 80% of the container, query memory 80% of the heap', () => {
    expect(s.heap.toMebibytes()).toBe(Math.floor((118253 - 1024) * 0.8));
    expect(s.heapCapped).toBe(false);
    expect(s.queryMaxMemoryPerNode.toMebibytes()).toBe(Math.floor(s.heap.toMebibytes() * 0.8));
    expect(s.heapHeadroom.toMebibytes()).toBe(s.heap.toMebibytes() - s.queryMaxMemoryPerNode.toMebibytes());
    expect(s.queryMemoryShareOfInstance).toBeGreaterThan(0.55);
  });

  test('Karpenter\'s VM overhead is 7.5%', () => {
    expect(s.vmMemoryOverheadPercent).toBe(0.075);
  });

  test('MAX_HEAP is 238 GiB: under 256 GB read as 10^9 bytes (238.4 GiB) and as 2^30 bytes', () => {
    expect(TrinoSizing.MAX_HEAP.toGibibytes()).toBe(238);
    expect(TrinoSizing.MAX_HEAP.toMebibytes() * 2 ** 20).toBeLessThan(256e9);
    expect(TrinoSizing.MAX_HEAP.toMebibytes() * 2 ** 20).toBeGreaterThan(255e9);
  });
});

describe('TrinoSizing on the largest instances', () => {
  test.each(['r6i.16xlarge', 'r8g.16xlarge', 'r7g.12xlarge'])('%s: the heap is capped at 238 GiB, below 70%', (type) => {
    const s = TrinoSizing.forInstanceType(it(type));
    expect(s.heap.toGibibytes()).toBe(238);
    expect(s.heapCapped).toBe(true);
    expect(s.heapShareOfContainer).toBeLessThan(0.7);
    // query memory stays 80% of the heap: the memory above the heap is left off-heap
    expect(s.queryMaxMemoryPerNode.toMebibytes()).toBe(Math.floor(238 * 1024 * 0.8));
  });

  test('r6i.16xlarge: the warning names the share, the off-heap memory and the smaller sizes that fit better', () => {
    const s = TrinoSizing.forInstanceType(it('r6i.16xlarge'));
    const warning = s._heapCappedWarning('worker')!;
    expect(warning).toMatch(/^The worker JVM heap is capped at 238 GiB \(under the seed's 256 GB JVM limit\), 51\.\d% of the 464\.\d GiB container on r6i\.16xlarge, below the seed's 70–85%: 226\.\d GiB stays off-heap/);
    expect(warning).toContain('Instance types that fit better (the heap keeps 70–85% there): r6i.8xlarge, r6i.4xlarge, r6i.2xlarge, r6i.xlarge.');
  });

  test('a capped heap that keeps 70% is not warned about (a 384 GiB instance with a 13 GiB DaemonSet allowance)', () => {
    const s = TrinoSizing.forInstance({
      instanceType: 'x2gd.12xlarge-like',
      vcpus: 48,
      memory: Size.gibibytes(384),
      architecture: ec2.InstanceArchitecture.ARM_64,
    }, { daemonSetMemory: Size.gibibytes(13) });
    expect(s.heapCapped).toBe(true);
    expect(s.heapShareOfContainer).toBeGreaterThanOrEqual(0.7);
    expect(s._heapCappedWarning('worker')).toBeUndefined();
  });

  test('outside the table, the warning gives the largest container that keeps 70%', () => {
    const s = TrinoSizing.forInstance({
      instanceType: 'x8g.8xlarge',
      vcpus: 32,
      memory: Size.gibibytes(512),
      architecture: ec2.InstanceArchitecture.ARM_64,
    });
    expect(s._heapCappedWarning('coordinator')).toMatch(
      /^The coordinator JVM heap .* Use an instance type whose container is at most 340 GiB\.$/,
    );
  });

  test('no warning below the cap', () => {
    expect(TrinoSizing.forInstanceType(it('r8g.8xlarge'))._heapCappedWarning('worker')).toBeUndefined();
  });
});

describe('TrinoSizing overrides', () => {
  test('fractions, the DaemonSet allowance and the VM overhead', () => {
    const s = TrinoSizing.forInstanceType(it('r7g.8xlarge'), {
      heapFraction: 0.75,
      queryMemoryFraction: 0.7,
      daemonSetMemory: Size.gibibytes(2),
      daemonSetCpuMillis: 1000,
      vmMemoryOverheadPercent: 0.05,
    });
    const allocatable = 262144 - 64 - Math.ceil((262144 - 64) * 0.05) - (11 * 234 + 255) - 100;
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(allocatable);
    expect(s.containerMemory.toMebibytes()).toBe(allocatable - 2048);
    expect(s.daemonSetMemory.toGibibytes()).toBe(2);
    expect(s.heap.toMebibytes()).toBe(Math.floor((allocatable - 2048) * 0.75));
    expect(s.queryMaxMemoryPerNode.toMebibytes()).toBe(Math.floor(s.heap.toMebibytes() * 0.7));
    expect(s.containerCpuMillis).toBe(32000 - (60 + 10 + 10 + 70) - 1000);
    expect(s.daemonSetCpuMillis).toBe(1000);
  });

  test('a DaemonSet allowance of a fraction of a MiB is rounded up', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'), { daemonSetMemory: Size.kibibytes(1536 * 1024 + 1) });
    expect(s.daemonSetMemory.toMebibytes()).toBe(1537);
  });

  test('no DaemonSet allowance: the container takes all Karpenter offers', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'), { daemonSetMemory: Size.mebibytes(0), daemonSetCpuMillis: 0 });
    expect(s.containerMemory.toMebibytes()).toBe(s.nodeAllocatableMemory.toMebibytes());
    expect(s.containerCpuMillis).toBe(s.nodeAllocatableCpuMillis);
  });

  test('an explicit heap', () => {
    const s = TrinoSizing.forInstanceType(it('r8g.4xlarge'), { heap: Size.gibibytes(90) });
    expect(s.heap.toGibibytes()).toBe(90);
    expect(s.heapCapped).toBe(false);
  });

  test('an explicit heap of exactly MAX_HEAP', () => {
    const s = TrinoSizing.forInstanceType(it('r6i.16xlarge'), { heap: TrinoSizing.MAX_HEAP });
    expect(s.heap.toGibibytes()).toBe(238);
  });

  test('forInstance sizes any instance; the ENI-limited pods default by vCPUs', () => {
    const spec = {
      instanceType: 'x8g.4xlarge',
      vcpus: 16,
      memory: Size.gibibytes(256),
      architecture: ec2.InstanceArchitecture.ARM_64,
    };
    const s = TrinoSizing.forInstance(spec);
    expect(s.instance.instanceType).toBe('x8g.4xlarge');
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(262144 - 64 - Math.ceil((262144 - 64) * 0.075) - (11 * 234 + 255) - 100);
    expect(s.heap.toMebibytes()).toBeGreaterThan(180 * 1024);
    const small = TrinoSizing.forInstance({ ...spec, vcpus: 8, memory: Size.gibibytes(64) });
    const large = TrinoSizing.forInstance({ ...spec, vcpus: 64, memory: Size.gibibytes(256) });
    const reserved = (x: TrinoSizing, mib: number) => mib - 64 - Math.ceil((mib - 64) * 0.075) - 100 - x.nodeAllocatableMemory.toMebibytes();
    expect(reserved(small, 65536)).toBe(11 * 58 + 255);
    expect(reserved(large, 262144)).toBe(11 * 737 + 255);
  });

  test('forInstance with the instance type\'s own ENI-limited pods', () => {
    const s = TrinoSizing.forInstance({
      instanceType: 'c7g.large',
      vcpus: 2,
      memory: Size.gibibytes(4),
      architecture: ec2.InstanceArchitecture.ARM_64,
      eniLimitedPods: 29,
    }, { daemonSetMemory: Size.mebibytes(256), daemonSetCpuMillis: 100 });
    expect(s.nodeAllocatableMemory.toMebibytes()).toBe(4096 - 64 - Math.ceil(4032 * 0.075) - (11 * 29 + 255) - 100);
  });
});

describe('TrinoSizing bad input', () => {
  test('unknown instance type names the type and the supported families', () => {
    expect(() => TrinoSizing.forInstanceType(it('c7g.4xlarge'))).toThrow(
      /Unknown instance type 'c7g.4xlarge': TrinoSizing supports r8g, r8gd, r7g, r7gd, r6g, r6gd, .* from xlarge to 16xlarge/,
    );
  });

  test.each([
    [{ heapFraction: 0.9 }, /`heapFraction` must be between 0.7 and 0.85, got: 0.9/],
    [{ heapFraction: 0.5 }, /`heapFraction` must be between 0.7 and 0.85, got: 0.5/],
    [{ queryMemoryFraction: 0.95 }, /`queryMemoryFraction` must be between 0.5 and 0.85, got: 0.95/],
    [{ vmMemoryOverheadPercent: 7.5 }, /`vmMemoryOverheadPercent` must be between 0 and 0.5, got: 7.5/],
    [{ vmMemoryOverheadPercent: -0.01 }, /`vmMemoryOverheadPercent` must be between 0 and 0.5, got: -0.01/],
    [{ daemonSetCpuMillis: 1.5 }, /`daemonSetCpuMillis` must be an integer/],
    [{ daemonSetMemory: Size.mebibytes(Token.asNumber({ Ref: 'X' })) }, /`daemonSetMemory` must be a literal size .* got a token/],
  ])('%j', (options, message) => {
    expect(() => TrinoSizing.forInstanceType(it('r8g.4xlarge'), options)).toThrow(message);
  });

  test('a DaemonSet memory allowance the instance cannot hold names the type, the value and what is allowed', () => {
    expect(() => TrinoSizing.forInstanceType(it('m7g.xlarge'), { daemonSetMemory: Size.gibibytes(12) })).toThrow(
      /^Instance type 'm7g.xlarge' cannot hold a Trino pod with `daemonSetMemory` 12 GiB: Karpenter expects it to offer pods 13\.\d GiB \(of 16 GiB\), which leaves 1\.8 GiB for Trino; at least 2 GiB is needed\. Allowed: `daemonSetMemory` up to 11\.\d GiB, or a larger instance type\.$/,
    );
  });

  test('a DaemonSet CPU allowance the instance cannot hold names the type, the value and what is allowed', () => {
    expect(() => TrinoSizing.forInstanceType(it('r8g.xlarge'), { daemonSetCpuMillis: 3000 })).toThrow(
      /^Instance type 'r8g.xlarge' cannot hold a Trino pod with `daemonSetCpuMillis` 3000: Karpenter expects it to offer pods 3920m of 4 vCPUs, which leaves 920m for Trino; at least 1000m is needed\. Allowed: `daemonSetCpuMillis` up to 2920, or a larger instance type\.$/,
    );
  });

  test('an ENI-limited pod count that is not a positive integer', () => {
    expect(() =>
      TrinoSizing.forInstance({
        instanceType: 'x8g.4xlarge',
        vcpus: 16,
        memory: Size.gibibytes(256),
        architecture: ec2.InstanceArchitecture.ARM_64,
        eniLimitedPods: 0,
      }),
    ).toThrow(/`eniLimitedPods` must be an integer between 1 and 10000, got: 0/);
  });

  test('a heap at 256 GiB is over the cap (256 GiB is 274.9 GB)', () => {
    expect(() => TrinoSizing.forInstanceType(it('r6i.16xlarge'), { heap: Size.gibibytes(256) })).toThrow(
      /^`heap` must be at most 238 GiB \(TrinoSizing.MAX_HEAP: the seed keeps the JVM heap under 256 GB\), got 256 GiB\.$/,
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
    ).toThrow(/^Instance type 't4g.small' cannot hold a Trino pod with `daemonSetMemory` 1 GiB: .* which leaves -\d+ MiB for Trino/);
  });
});

describe("Karpenter's ephemeral-storage model of a node (nodeEphemeralStorage)", () => {
  // aws/karpenter-provider-aws v1.14.1 pkg/providers/instancetype/types.go: ephemeralStorage, kubeReservedResources,
  // evictionThreshold
  test('RAID0 on an instance-store type: capacity is the NVMe in decimal GB, minus 1 GiB and the 10% eviction threshold', () => {
    const eph = nodeEphemeralStorage(TrinoSizing.instanceSpec(it('r8gd.4xlarge')), true, 100 * 2 ** 30);
    expect(eph.onInstanceStore).toBe(true);
    expect(eph.capacityBytes).toBe(950e9);
    expect(eph.reservedBytes).toBe(2 ** 30 + 95e9);
    expect(eph.allocatableBytes).toBe(950e9 - 2 ** 30 - 95e9);
  });

  test('without RAID0, or on a type without instance store, it is the root volume', () => {
    const root = 100 * 2 ** 30;
    for (const [type, raid0] of [['r8gd.4xlarge', false], ['r8g.4xlarge', true]] as const) {
      const eph = nodeEphemeralStorage(TrinoSizing.instanceSpec(it(type)), raid0, root);
      expect([eph.onInstanceStore, eph.capacityBytes, eph.allocatableBytes])
        .toEqual([false, root, root - 2 ** 30 - Math.ceil(root / 10)]);
    }
  });
});
