import { describe, expect, it } from "vitest";
import { ParityError, ParseError } from "../../runners/core/errors.ts";
import { failureMessage } from "../../runners/core/messages.ts";

describe("failure messages", () => {
  it("say what failed, then the next step, each a sentence", () => {
    expect(failureMessage({ what: 'Campaign "x" is already complete', next: "start a new campaign id" })).toBe(
      'Campaign "x" is already complete. Next step: start a new campaign id.',
    );
  });

  it("keep the cause's first line, once", () => {
    const cause = new Error("ENOENT: no such file or directory, open 'out.txt'\n    at open (node:fs)");
    expect(failureMessage({ what: "Cannot read out.txt", next: "give the path of a file" }, cause)).toBe(
      "Cannot read out.txt (ENOENT: no such file or directory, open 'out.txt'). Next step: give the path of a file.",
    );
    expect(
      failureMessage({ what: "Listing nodes failed (connect ECONNREFUSED)", next: "check" }, "connect ECONNREFUSED"),
    ).toBe("Listing nodes failed (connect ECONNREFUSED). Next step: check.");
  });

  it("show evidence verbatim on its own lines, the next step labelled after it", () => {
    const message = failureMessage({
      what: "cpu on runc, run 1: `sysbench cpu run` exited with code 3",
      evidence: "disk on fire\nstill on fire\n",
      next: "read the raw log, kept at data/campaigns/c/raw/cpu/runc-1.log",
    });
    expect(message).toBe(
      "cpu on runc, run 1: `sysbench cpu run` exited with code 3.\ndisk on fire\nstill on fire\n" +
        "Next step: read the raw log, kept at data/campaigns/c/raw/cpu/runc-1.log.",
    );
  });

  it("tell a Parity cause by what failed, not by its whole message", () => {
    const inner = new ParseError("sysbench output has no threads line", { next: "keep the whole output" });
    const outer = new ParityError("TOOL_FAILED", { what: "cpu on runc, run 1", next: "re-run it" }, { cause: inner });
    expect(outer.message).toBe("cpu on runc, run 1 (sysbench output has no threads line). Next step: re-run it.");
    expect(outer.what).toBe("cpu on runc, run 1");
    expect(outer.next).toBe("re-run it");
  });

  it("give a parse failure the default next step unless the parser knows a better one", () => {
    expect(new ParseError("no fio JSON found").message).toBe(
      "no fio JSON found. Next step: give the whole output of the guide's command, as the tool printed it.",
    );
    expect(new ParseError("two outputs in one", { next: "give each run's output on its own" }).message).toBe(
      "two outputs in one. Next step: give each run's output on its own.",
    );
  });
});
