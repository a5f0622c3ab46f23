import { describe, expect, it } from "vitest";
import { welch, welchInterval } from "../../runners/stats/welch.ts";

// R's datasets::sleep. R: t.test(extra ~ group, data = sleep) prints
//   t = -1.8608, df = 17.776, p-value = 0.07939
//   95 percent confidence interval: -3.3654832  0.2054832
// (group 1 minus group 2). SciPy 1.17 ttest_ind(equal_var=False) agrees:
//   t = -1.8608134674868526, df = 17.776473516178488, p = 0.0793941401873583.
const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("welch", () => {
  it("matches R and SciPy on the sleep data", () => {
    // welch(a, b) tests mean(b) − mean(a): swap the groups to get R's sign.
    const result = welch(group2, group1);
    expect(result.t).toBeCloseTo(-1.8608134674868526, 10);
    expect(result.df).toBeCloseTo(17.776473516178488, 10);
    expect(result.pValue).toBeCloseTo(0.0793941401873583, 10);
    const ci = welchInterval(result, 0.95);
    expect(ci.low).toBeCloseTo(-3.3654832307117104, 8);
    expect(ci.high).toBeCloseTo(0.20548323071171137, 8);
  });

  it("handles two samples without variance instead of dividing by zero", () => {
    const same = welch([5, 5, 5], [5, 5, 5]);
    expect(same.pValue).toBe(1);
    const apart = welch([5, 5, 5], [6, 6, 6]);
    expect(apart.pValue).toBe(0);
    expect(welchInterval(apart, 0.95)).toMatchObject({ low: 1, high: 1 });
  });
});
