import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { MetricValueSchema } from "../../runners/schemas/measurement.ts";
import { fixture } from "../helpers/fixtures.ts";

// Every parser, fed real outputs mutated at random: it reads them or refuses them with the
// project's own coded error; it never crashes otherwise, and never hangs (the hang limit).
// Values too: a number of the output swapped for one outside every metric's domain is refused,
// never read into a metric.
// Every guide of the registry, with the real outputs it declares (startup's are hand-timed shell
// transcripts, fuzzed too).
const sets = guides.all().map((g) => [g.id, g.fixtures!] as const);

function fixturesOf(folder: string): string[] {
  return readdirSync(fileURLToPath(new URL(`../fixtures/${folder}/`, import.meta.url)))
    .filter((f) => !f.endsWith(".md"))
    .map((f) => fixture(`${folder}/${f}`));
}

/** A mutation of a text: cut it, delete or duplicate a slice, or splice in random characters or lines. */
const mutation = (text: string) =>
  fc.oneof(
    fc.nat(text.length).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat(text.length), fc.nat(200)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc
      .tuple(fc.nat(text.length), fc.nat(400))
      .map(([at, n]) => text.slice(0, at) + text.slice(at, at + n) + text.slice(at)),
    fc
      .tuple(fc.nat(text.length), fc.string({ maxLength: 40 }))
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc
      .tuple(
        fc.nat(text.length),
        fc.constantFrom(
          "{",
          "}",
          '"',
          "\n",
          "\r\n",
          "-1",
          "1e309",
          "NaN",
          "# Total: 1",
          "T: 0 ( 1) P: 0 I:1 C: 1 Min: 1 Act: 1 Avg: 1 Max: 1",
        ),
      )
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  );

/** Values no metric may hold: negative, not finite, beyond the largest (MAX_METRIC_VALUE), not a number. */
const HOSTILE_VALUES = ["-1", "-0.5", "1e309", "-1e309", "1e13", "99999999999999999999", "NaN", "Infinity"];

/** Every number in a text, as [start, end] positions. */
const numbersIn = (text: string) => [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => [m.index!, m.index! + m[0].length]);

/** A text with one of its numbers replaced by a hostile value. */
const hostileValue = (text: string) => {
  const spots = numbersIn(text);
  return fc
    .tuple(fc.nat(spots.length - 1), fc.constantFrom(...HOSTILE_VALUES))
    .map(([i, value]) => text.slice(0, spots[i]![0]) + value + text.slice(spots[i]![1]));
};

describe("parsers under random mutation of real outputs", () => {
  for (const [guideId, folder] of sets) {
    it(`${guideId} (${folder} fixtures): read or refused with a ParityError`, () => {
      const guide = guides.get(guideId);
      for (const text of fixturesOf(folder)) {
        fc.assert(
          fc.property(mutation(text), (mutated) => {
            try {
              readOutput(guide, mutated, "fuzz");
            } catch (error) {
              if (!isParityError(error)) throw error;
            }
          }),
          { numRuns: 60, seed: 20261130 },
        );
      }
    });

    it(`${guideId} (${folder} fixtures): a hostile value is refused or never reaches a metric`, () => {
      const guide = guides.get(guideId);
      for (const text of fixturesOf(folder)) {
        fc.assert(
          fc.property(hostileValue(text), (mutated) => {
            let metrics: Record<string, number | string>;
            try {
              metrics = readOutput(guide, mutated, "fuzz").metrics;
            } catch (error) {
              if (!isParityError(error)) throw error;
              return;
            }
            for (const [name, value] of Object.entries(metrics))
              expect(MetricValueSchema.safeParse(value).success, `${name} = ${value}`).toBe(true);
          }),
          { numRuns: 80, seed: 20261204 },
        );
      }
    });
  }
});
