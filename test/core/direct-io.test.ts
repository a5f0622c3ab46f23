import { describe, expect, it } from "vitest";
import { directIoReached } from "../../runners/core/direct-io.ts";

// Storage facts as the probe recorded them in the published campaigns (2026-11-30-cluster, -local-b).
describe("direct I/O, one rule on every target", () => {
  it("trusts the probe's O_DIRECT test on a disk's file system and on a block device", () => {
    expect(directIoReached({ mode: "filesystem", fsType: "ext4", source: "/dev/vda", directIo: true })).toBe(true);
    expect(directIoReached({ mode: "block", device: "loop2", directIo: true })).toBe(true);
    expect(directIoReached({ mode: "filesystem", fsType: "ext4", source: "/dev/vda", directIo: false })).toBe(false);
  });

  it("never calls gVisor's 9p file path direct, though O_DIRECT opens there (the cluster recorded it so)", () => {
    expect(directIoReached({ mode: "filesystem", fsType: "9p", source: "none", directIo: true })).toBe(false);
  });
});
