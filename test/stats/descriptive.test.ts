import { expect, describe as group, it } from "vitest";
import {
  coefficientOfVariation,
  describe,
  mean,
  meanInterval,
  quantile,
  sampleSd,
} from "../../runners/stats/descriptive.ts";

// R's datasets::sleep, group 1 (extra hours of sleep), a published reference data set.
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];

group("descriptive statistics", () => {
  it("matches R for the sleep data: mean 0.75, sd 1.789010", () => {
    // R: mean(sleep$extra[1:10]) = 0.75; sd(...) = 1.78901
    expect(mean(sleep1)).toBeCloseTo(0.75, 12);
    expect(sampleSd(sleep1)).toBeCloseTo(1.78901, 5);
  });

  it("gives the Student-t 95% interval of the mean that R's t.test prints", () => {
    // R: t.test(sleep$extra[1:10])$conf.int = -0.5297804  2.0297804
    const ci = meanInterval(sleep1, 0.95);
    expect(ci.low).toBeCloseTo(-0.5297804, 6);
    expect(ci.high).toBeCloseTo(2.0297804, 6);
  });

  it("uses the t quantile of the textbook table (t(0.975, 4) = 2.776)", () => {
    // Five values with sd 1 and mean 0: half-width = 2.776445 / sqrt(5)
    const values = [-1.5, -0.5, 0, 0.5, 1.5];
    const sd = sampleSd(values);
    const ci = meanInterval(values, 0.95);
    expect(ci.high / (sd / Math.sqrt(5))).toBeCloseTo(2.776445, 5);
  });

  it("reports NaN rather than a made-up spread below two values", () => {
    expect(sampleSd([3])).toBeNaN();
    expect(meanInterval([3]).low).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it("computes CV as a fraction and bundles it in describe()", () => {
    expect(coefficientOfVariation([9, 10, 11])).toBeCloseTo(0.1, 12);
    const d = describe([9, 10, 11]);
    expect(d).toMatchObject({ n: 3, mean: 10, sd: 1, min: 9, max: 11 });
  });

  it("computes quantiles like R's quantile() (type 7) and NumPy's default", () => {
    // NumPy (this machine, np.quantile with its default linear method, which is R type 7): 0.35 3.43 3.673.
    expect(quantile(sleep1, 0.5)).toBeCloseTo(0.35, 12);
    expect(quantile(sleep1, 0.9)).toBeCloseTo(3.43, 12);
    expect(quantile(sleep1, 0.99)).toBeCloseTo(3.673, 12);
    expect(quantile(sleep1, 1)).toBe(3.7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
