import { describe, expect, it } from "vitest";
import { ParseError } from "../../../runners/core/errors.ts";
import { importOutput } from "../../../runners/guides/import-output.ts";
import { guides } from "../../../runners/guides/index.ts";
import { fioArgv, fioJobFile } from "../../../runners/guides/io/jobs.ts";
import { parseFioOutput } from "../../../runners/guides/io/parse-fio.ts";
import { fixture } from "../../helpers/fixtures.ts";

// Real fio JSON outputs of four versions and shapes (test/fixtures/fio/SOURCES.md).
describe("parseFioOutput", () => {
  it("fio-3.1, 64 jobs with group_reporting: one randwrite group", () => {
    const m = parseFioOutput(fixture("fio/fio-3.1_randwrite_qd64_nj64_group-reporting_fio-plot.json"));
    const raw = JSON.parse(fixture("fio/fio-3.1_randwrite_qd64_nj64_group-reporting_fio-plot.json")).jobs[0].write;
    expect(m.toolVersion).toBe("3.1");
    expect(m["random-read.iops"]).toBe(raw.iops);
    expect(m["random-read.bwKiBs"]).toBe(raw.bw);
    expect(m["random-read.clatMeanUs"]).toBeCloseTo(raw.clat_ns.mean / 1000, 9);
    expect(m["random-read.clatP99Us"]).toBe(raw.clat_ns.percentile["99.000000"] / 1000);
    expect(m.latencyKind).toBe("clat");
  });

  it("fio-3.16 with lat_percentiles=1 and a mixed randrw job: read and write apart, percentiles from lat_ns", () => {
    const m = parseFioOutput(fixture("fio/fio-3.16_randrw_nj4_lat-percentiles_group-reporting_superbench.json"));
    expect(m).toMatchObject({
      toolVersion: "3.16",
      latencyKind: "lat",
      "rand_read_write.read.iops": 85138.890741,
      "rand_read_write.write.iops": 85066.128925,
      "rand_read_write.read.bwKiBs": 340570,
      "rand_read_write.read.clatP99Us": 2244.608,
      "rand_read_write.write.clatP999Us": 2605.056,
    });
    expect(m["rand_read_write.read.clatMeanUs"]).toBeCloseTo(1444.476063469, 9);
  });

  it("fio-3.33, two stonewalled groups (the guide's shape)", () => {
    const m = parseFioOutput(fixture("fio/fio-3.33_randread-seqwrite_nj2_group-reporting_this-machine.json"));
    expect(
      Object.keys(m)
        .filter((k) => k.endsWith(".iops"))
        .sort(),
    ).toEqual(["randread-4k.iops", "seqwrite-1m.iops"]);
    expect(m.toolVersion).toBe("3.33");
  });

  it("fio-3.33 json+ (with latency bins) reads like json", () => {
    const m = parseFioOutput(fixture("fio/fio-3.33_randwrite_json-plus_this-machine.json"));
    expect(m["randwrite-4k.iops"]).toBeGreaterThan(0);
    expect(m["randwrite-4k.clatP50Us"]).toBeGreaterThan(0);
  });

  it("skips notes fio prints before its JSON", () => {
    const text =
      `note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at ` +
      `1\n${fixture("fio/fio-3.1_randwrite_qd64_nj64_group-reporting_fio-plot.json")}`;
    expect(parseFioOutput(text).toolVersion).toBe("3.1");
  });

  it("rejects what it cannot read, saying what and why", () => {
    expect(() => parseFioOutput("random-read: (g=0): rw=randwrite, bs=(R) 4096B-4096B", "run.txt")).toThrow(
      /run\.txt: no fio JSON found\. Next step: run fio with --output-format=json/,
    );
    expect(() => parseFioOutput('{"jobs": []}', "x.json")).toThrow(/has no "fio version"/);
    expect(() => parseFioOutput('{"fio version": "fio-2.2.10", "jobs": [{"jobname": "a"}]}', "old.json")).toThrow(
      /fio-2\.2\.10 is not supported/,
    );
    const cut = fixture("fio/fio-3.1_randwrite_qd64_nj64_group-reporting_fio-plot.json").slice(0, 3000);
    expect(() => parseFioOutput(cut, "cut.json")).toThrow(ParseError);
    expect(() => parseFioOutput(cut, "cut.json")).toThrow(/not valid|truncated/);
    expect(() =>
      parseFioOutput(
        fixture("fio/fio-3.1_randwrite_qd64_nj64_group-reporting_fio-plot.json").replace('"error" : 0', '"error" : 5'),
        "e.json",
      ),
    ).toThrow(/job random-read reported error 5/);
    // A job pasted twice (its numbers would silently replace the first's).
    const two = JSON.parse(fixture("fio/fio-3.33_randread-seqwrite_nj2_group-reporting_this-machine.json"));
    two.jobs = [two.jobs[0], two.jobs[1], two.jobs[0]];
    expect(() => parseFioOutput(JSON.stringify(two), "dup.json")).toThrow(
      /dup\.json: job randread-4k appears twice; fio names each job once\. Next step: give fio's whole/,
    );
  });

  it("parity import io reads a hand-run fio JSON", () => {
    const m = importOutput(
      guides.get("io"),
      fixture("fio/fio-3.16_randrw_nj4_lat-percentiles_group-reporting_superbench.json"),
      "mine.json",
    );
    expect(m).toMatchObject({ guide: "io", source: "mine.json", metrics: { toolVersion: "3.16" } });
  });

  it("parity import io says which of the guide's jobs a hand-run output lacks (2 of 4 here)", () => {
    const io = guides.get("io");
    const two = importOutput(io, fixture("fio/fio-3.33_randread-seqwrite_nj2_group-reporting_this-machine.json"), "x");
    expect(io.importNotes!(two.metrics)).toEqual([
      "Your output has no job named randwrite-4k (4 KiB random write), seqread-1m (1 MiB sequential read): the " +
        "guide runs 4 jobs, so those are not compared.",
    ]);
    // A fio run of jobs of its own names (none of the guide's) is the reader's business: no note.
    const own = importOutput(
      io,
      fixture("fio/fio-3.16_randrw_nj4_lat-percentiles_group-reporting_superbench.json"),
      "y",
    );
    expect(io.importNotes!(own.metrics)).toEqual([]);
  });
});

describe("the I/O guide's fio jobs", () => {
  it("render to the same options on the command line and in a job file", () => {
    const g = { sizeMiB: 64, runtimeSeconds: 2, iodepth: 8, numjobs: 2 };
    const argv = fioArgv(g, { mode: "block", path: "/dev/parity-block" });
    expect(argv.slice(0, 3)).toEqual(["fio", "--output-format=json", "--filename=/dev/parity-block"]);
    expect(argv).toEqual(
      expect.arrayContaining([
        "--direct=1",
        "--numjobs=2",
        "--iodepth=8",
        "--group_reporting",
        "--name=randread-4k",
        "--name=seqwrite-1m",
      ]),
    );
    expect(argv.filter((a) => a === "--stonewall")).toHaveLength(4);
    const file = fioJobFile(g, { mode: "block", path: "/dev/parity-block" });
    expect(file).toContain("[global]\nfilename=/dev/parity-block\nsize=64M\ndirect=1");
    expect(file).toContain("[randwrite-4k]\nrw=randwrite\nbs=4k\nstonewall");
  });
});
