/**
 * compareGroups(): the group fits, the fully interacted pooled model and the SUEST covariance against R
 * golden values (toolkit_r.json, made by test/golden/make_toolkit_golden.R: fixest's conventions reproduced
 * in R, checked against lm + sandwich; SUEST by stacked cluster scores and by sandwich::vcovCL on a
 * block-diagonal lm); the permutation test's determinism under a seed, its statistic (studentized by
 * default: d/se(d) with the SUEST se; the unstudentized d on request), its null distribution (roughly
 * uniform p-values), its size when the groups differ in size and variance (where only the studentized
 * statistic holds it, Chung & Romano 2013) and its power against a large difference; bad inputs. The exact
 * (enumerated) permutation test against R is in toolkit-heterogeneity.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../lib/random/rng";
import { DataError, FormulaError, OptionsError } from "../lib/errors";
import { feols } from "../lib/index";
import { compareGroups } from "../lib/toolkit/compareGroups";
import { GroupRefitter } from "../lib/toolkit/groupPermutation";
import { loadStudyPanel } from "../lib/study/studyPanel";
import { assertClose, readGolden, readGoldenCsv, assertCoefficients } from "./helpers/golden";

const golden = readGolden("toolkit_r.json");
const panel = readGoldenCsv("unbalanced_panel.csv", ["region"]) as Record<string, (number | string | null)[]>;
// the derived group columns of make_toolkit_golden.R
panel.coastal = panel.region.map((r) => (r === "east" || r === "south" ? "coastal" : "inland"));
panel.period = panel.year.map((y) => ((y as number) <= 2005 ? "early" : "late"));

/** Every coefficient of a golden block: estimate, SE, t and p at a relative 1e-8. */
function assertBlock(fit: Parameters<typeof assertCoefficients>[0], block: Parameters<typeof assertCoefficients>[1], what: string): void {
  assertCoefficients(fit, block, 1e-8, {}, what);
}

describe("compareGroups against R (unbalanced panel, coefficient of x1)", () => {
  const cases = [
    { key: "groups_coastal_fe_cluster", formula: "y ~ x1 + x2 + x3 | id + year", by: "coastal", vcov: { cluster: "id" } as const },
    { key: "groups_period_fe_cluster", formula: "y ~ x1 + x2 + x3 | id + year", by: "period", vcov: { cluster: "id" } as const },
    { key: "groups_coastal_nofe_hetero", formula: "y ~ x1 + x2 + x3", by: "coastal", vcov: "hetero" as const },
  ];
  for (const c of cases) {
    const g = golden[c.key];
    const h = compareGroups({ data: panel, formula: c.formula, by: c.by, coef: "x1", vcov: c.vcov });

    it(`${c.key}: the two group fits and the difference`, () => {
      assert.deepEqual(h.levels, g.levels);
      for (const level of g.levels) {
        assert.equal(h.fits[level].nobs, g.groups[level].nobs);
        assertBlock(h.fits[level], g.groups[level].coefficients, `${level}`);
      }
      assertClose(h.difference, g.difference, 1e-8, "difference");
    });

    it(`${c.key}: the fully interacted pooled model (every coefficient, K, df) and its interaction term`, () => {
      assert.equal(h.interaction.term, g.pooled.term);
      assert.equal(h.pooled.nobs, g.pooled.nobs);
      assert.equal(h.pooled.dofK, g.pooled.dof_K);
      assert.equal(h.interaction.df, g.pooled.df_t);
      assertBlock(h.pooled, g.pooled.coefficients, "pooled");
      assertClose(h.interaction.estimate, g.interaction.estimate, 1e-8, "interaction estimate");
      assertClose(h.interaction.se, g.interaction.se, 1e-8, "interaction se");
      assertClose(h.interaction.tstat, g.interaction.t, 1e-8, "interaction t");
      assertClose(h.interaction.p, g.interaction.p, 1e-8, "interaction p");
    });

    it(`${c.key}: the SUEST covariance (all entries), its factor, χ² and p`, () => {
      const s = g.suest;
      assert.deepEqual(h.suest.names, s.names);
      assert.equal(h.suest.units, s.units);
      assertClose(h.suest.factor, s.factor, 1e-12, "factor");
      const scale = Math.max(...s.vcov.map((row: number[], i: number) => Math.abs(row[i])));
      s.vcov.forEach((row: number[], i: number) => row.forEach((v: number, j: number) => {
        assert.ok(Math.abs(h.suest.vcov[i][j] - v) <= 1e-8 * scale, `suest vcov[${i}][${j}]: ${h.suest.vcov[i][j]} vs ${v}`);
      }));
      assertClose(h.suest.variance.first, s.var_first, 1e-8, "V11");
      assertClose(h.suest.variance.second, s.var_second, 1e-8, "V22");
      if (s.covariance === 0) assert.equal(h.suest.variance.covariance, 0);
      else assertClose(h.suest.variance.covariance, s.covariance, 1e-8, "C12");
      assertClose(h.suest.se, s.se, 1e-8, "se");
      assertClose(h.suest.chi2, s.chi2, 1e-8, "chi2");
      assertClose(h.suest.p, s.p, 1e-8, "p");
      assert.equal(h.suest.df, 1);
    });
  }

  it("the group fits equal feols on each subset, and the pooled model reproduces them", () => {
    const h = compareGroups({ data: panel, formula: "y ~ x1 + x2 + x3 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" } });
    for (const level of h.levels) {
      const rows = panel.y.map((_, i) => i).filter((i) => panel.coastal[i] === level);
      const sub = Object.fromEntries(Object.entries(panel).map(([k, v]) => [k, rows.map((i) => v[i])]));
      const direct = feols("y ~ x1 + x2 + x3 | id + year", sub, { vcov: { cluster: "id" } });
      for (const name of direct.coefNames) {
        assertClose(h.fits[level].coef[name], direct.coef[name], 1e-12, `${level} ${name}`);
        assertClose(h.fits[level].se[name], direct.se[name], 1e-12, `${level} ${name} se`);
      }
    }
    for (const name of ["x1", "x2", "x3"]) {
      assertClose(h.pooled.coef[name], h.fits.coastal.coef[name], 1e-9, `pooled ${name}`);
      assertClose(h.pooled.coef[name] + h.pooled.coef[`${name}:coastal::inland`], h.fits.inland.coef[name], 1e-9, `pooled ${name} + interaction`);
    }
  });

  it("the summary names the difference and the three tests with the draws", () => {
    const h = compareGroups({ data: panel, formula: "y ~ x1 + x2 + x3 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" }, permutations: { draws: 19, seed: 2 } });
    const text = h.summary();
    assert.match(text, /Difference \(inland − coastal\)/);
    assert.match(text, /fully interacted/);
    assert.match(text, /SUEST/);
    assert.match(text, /\(c\) studentized permutation test \(Chung & Romano 2013\): t = d\/se\(d\) = -?[\d.]+, p [=≤] [\d.]+ \(19 permutations of 40 id units; seed 2\)/);
  });
});

/** A panel of `units` cities × `years` with city and year effects; slope 1 in group "a" and 1 + delta in "b". */
function simulate(seed: number, units: number, years: number, delta: number): Record<string, (number | string)[]> {
  const rng = new Rng(seed);
  const cols: Record<string, (number | string)[]> = { y: [], x: [], w: [], city: [], year: [], grp: [] };
  for (let i = 0; i < units; i++) {
    const alpha = rng.normal();
    const second = i % 2 === 1;
    for (let t = 0; t < years; t++) {
      const x = 0.5 * alpha + rng.normal();
      const w = rng.normal();
      cols.y.push(alpha + 0.3 * t + (1 + (second ? delta : 0)) * x + 0.5 * w + rng.normal());
      cols.x.push(x);
      cols.w.push(w);
      cols.city.push(i);
      cols.year.push(2010 + t);
      cols.grp.push(second ? "b" : "a");
    }
  }
  return cols;
}

/**
 * A panel whose two groups share the slope 1 but not the size or the noise: `small` cities with error SD
 * `sdSmall`, `large` cities with `sdLarge` (city and year effects, x independent of everything).
 */
function unequalGroups(seed: number, small: number, large: number, years: number, sdSmall: number, sdLarge: number): Record<string, (number | string)[]> {
  const rng = new Rng(seed);
  const cols: Record<string, (number | string)[]> = { y: [], x: [], city: [], year: [], grp: [] };
  for (let i = 0; i < small + large; i++) {
    const alpha = rng.normal();
    const isSmall = i < small;
    for (let t = 0; t < years; t++) {
      const x = rng.normal();
      cols.y.push(alpha + 0.2 * t + x + (isSmall ? sdSmall : sdLarge) * rng.normal());
      cols.x.push(x);
      cols.city.push(i);
      cols.year.push(t);
      cols.grp.push(isSmall ? "small" : "large");
    }
  }
  return cols;
}

describe("the permutation test", () => {
  const opts = (seed: number) => ({ formula: "y ~ x + w | city + year", by: "grp", coef: "x", vcov: { cluster: "city" } as const, permutations: { draws: 99, seed } });

  it("the same seed gives byte-identical draws and p; another seed differs", () => {
    const first = JSON.stringify(compareGroups({ data: panel, formula: "y ~ x1 + x2 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" }, permutations: { draws: 49, seed: 11 } }).permutation);
    const again = JSON.stringify(compareGroups({ data: panel, formula: "y ~ x1 + x2 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" }, permutations: { draws: 49, seed: 11 } }).permutation);
    const other = JSON.stringify(compareGroups({ data: panel, formula: "y ~ x1 + x2 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" }, permutations: { draws: 49, seed: 12 } }).permutation);
    assert.equal(first, again);
    assert.notEqual(first, other);
  });

  it("permutes the clusters when the group is constant within them, rows otherwise, and says which", () => {
    const byCity = compareGroups({ data: simulate(1, 20, 4, 0), ...opts(1) }).permutation!;
    assert.equal(byCity.unit, "city");
    assert.equal(byCity.units, 20);
    assert.equal(byCity.draws, 99);
    const h = compareGroups({ data: panel, formula: "y ~ x1 + x2 | id + year", by: "period", coef: "x1", vcov: { cluster: "id" }, permutations: { draws: 9, seed: 1 } });
    assert.equal(h.permutation!.unit, "rows");
    assert.ok(h.notes.some((n) => /varies within the clusters/.test(n)));
  });

  it("is studentized by default: T = d/se(d) with the SUEST se of the separate fits, and says so", () => {
    const h = compareGroups({ data: simulate(2, 20, 4, 0.5), ...opts(2) });
    const perm = h.permutation!;
    assert.equal(perm.statistic, "studentized");
    assert.match(perm.label, /^studentized permutation test \(Chung & Romano 2013\)$/);
    assertClose(perm.difference, h.difference, 1e-9, "refitted d");
    assertClose(perm.se, h.suest.se, 1e-9, "refitted se(d)");
    assertClose(perm.observed, h.difference / h.suest.se, 1e-9, "observed T");
    assert.ok(perm.distribution.every((t) => Math.abs(t) < 10), "permuted statistics are on the t scale");
  });

  it('statistic: "difference" permutes d itself, labelled as exact under the sharp null only', () => {
    const h = compareGroups({ data: simulate(2, 20, 4, 0.5), ...opts(2), permutations: { draws: 99, seed: 2, statistic: "difference" } });
    const perm = h.permutation!;
    assert.equal(perm.statistic, "difference");
    assert.match(perm.label, /unstudentized difference \(exact under the sharp null only\)/);
    assertClose(perm.observed, h.difference, 1e-9, "observed d");
    assert.ok(Number.isNaN(perm.se));
  });

  it("with equal slopes but a small, noisy group, the unstudentized test over-rejects and the studentized one holds its level (200 panels, 39 draws, 5%)", () => {
    // 8 cities with error SD 3 against 32 with SD 0.5, same slope. Chung & Romano (2013): permuting d mixes
    // the groups' variances, so its null distribution is too narrow when the small group is the noisy one.
    const rejections = { studentized: 0, difference: 0 };
    for (let s = 0; s < 200; s++) {
      const data = unequalGroups(100 + s, 8, 32, 4, 3, 0.5);
      for (const statistic of ["studentized", "difference"] as const) {
        const h = compareGroups({ data, formula: "y ~ x | city + year", by: "grp", coef: "x", vcov: { cluster: "city" }, permutations: { draws: 39, seed: s, statistic } });
        if (h.permutation!.p <= 0.05) rejections[statistic]++;
      }
    }
    assert.ok(rejections.difference >= 30, `unstudentized: ${rejections.difference} of 200 rejections (expected ≥ 30, 15%)`);
    assert.ok(rejections.studentized <= 24, `studentized: ${rejections.studentized} of 200 rejections (expected ≤ 24, 12%)`);
  });

  it("with no group difference the p-values are roughly uniform: over 200 panels, P(p ≤ 0.1) lies in [0.03, 0.2]", () => {
    // 19 permutations each: under the null P(p ≤ 0.1) = 2/20 exactly; Binomial(200, 0.1) falls outside [6, 40]
    // with probability 4.6e-5.
    let below = 0;
    let belowHalf = 0;
    for (let s = 0; s < 200; s++) {
      const h = compareGroups({ data: simulate(5000 + s, 16, 4, 0), formula: "y ~ x + w | city + year", by: "grp", coef: "x", vcov: { cluster: "city" }, permutations: { draws: 19, seed: s } });
      if (h.permutation!.p <= 0.1) below++;
      if (h.permutation!.p <= 0.5) belowHalf++;
    }
    assert.ok(below >= 6 && below <= 40, `${below} of 200 p-values ≤ 0.1`);
    assert.ok(belowHalf >= 70 && belowHalf <= 130, `${belowHalf} of 200 p-values ≤ 0.5`);
  });

  it("with a large difference the p-value is near 0 (the smallest possible, 1/(1 + draws))", () => {
    const h = compareGroups({ data: simulate(3, 30, 5, 2), ...opts(3) });
    assert.equal(h.permutation!.p, 1 / 100);
    assert.ok(h.suest.p < 1e-6 && h.interaction.p < 1e-6);
  });
});

describe("compareGroups: bad inputs", () => {
  const base = { data: panel, formula: "y ~ x1 + x2 | id + year", by: "coastal", coef: "x1", vcov: { cluster: "id" } as const };

  it("refuses a group variable with other than two levels, naming it and its levels", () => {
    assert.throws(() => compareGroups({ ...base, by: "region" }), (e: Error) => e instanceof DataError && /"region" has 4 levels/.test(e.message) && /exactly two/.test(e.message));
    const one = { ...panel, one: panel.y.map(() => "all") };
    assert.throws(() => compareGroups({ ...base, data: one, by: "one" }), (e: Error) => e instanceof DataError && /1 level/.test(e.message));
  });

  it("names an unknown group column, formula column or cluster", () => {
    assert.throws(() => compareGroups({ ...base, by: "hu_se" }), (e: Error) => e instanceof DataError && /hu_se/.test(e.message));
    assert.throws(() => compareGroups({ ...base, formula: "y ~ ai | id + year" }), (e: Error) => e instanceof FormulaError && /"ai"/.test(e.message));
    assert.throws(() => compareGroups({ ...base, vcov: { cluster: "code" } }), (e: Error) => e instanceof DataError && /code/.test(e.message));
  });

  it("refuses a coefficient that is not in the model, listing the coefficients", () => {
    assert.throws(() => compareGroups({ ...base, coef: "x3" }), (e: Error) => e instanceof OptionsError && /"x3" is not a coefficient/.test(e.message) && /x1, x2/.test(e.message));
  });

  it("refuses a coefficient collinear with the fixed effects in a group", () => {
    assert.throws(() => compareGroups({ ...base, formula: "y ~ x1 + x_fecoll | id + year", coef: "x_fecoll" }), (e: Error) => e instanceof OptionsError && /collinear/.test(e.message));
  });

  it("refuses a permutation unit within which the group varies, and bad options", () => {
    assert.throws(() => compareGroups({ ...base, by: "period", permutations: { draws: 9, seed: 1, unit: "id" } }), (e: Error) => e instanceof OptionsError && /varies within/.test(e.message));
    assert.throws(() => compareGroups({ ...base, permutations: { draws: 9, seed: 1.5 } }), OptionsError);
    assert.throws(() => compareGroups({ ...base, permutations: { draws: -1, seed: 1 } }), OptionsError);
    assert.throws(() => compareGroups({ ...base, group: "x" } as never), (e: Error) => e instanceof OptionsError && /group/.test(e.message));
    assert.throws(() => compareGroups({ ...base, permutations: { draw: 9 } as never }), (e: Error) => e instanceof OptionsError && /unknown option "draw"\. Did you mean "draws"\?/.test(e.message));
    assert.throws(() => compareGroups({ ...base, formula: "y ~ x2 | id | x1 ~ x3" }), OptionsError);
  });
});

describe("the permutation refits from unit summaries (balanced panel, cities permuted)", () => {
  it("equal the row-by-row refits to 1e-10 on the study panel (the same model with a redundant third fixed effect)", () => {
    const study = loadStudyPanel() as unknown as Record<string, ArrayLike<number | string>>;
    const names = ["shrink", "ai", "lnpgdp", "gov", "fin", "open", "hc", "infra", "density", "code", "year"];
    const raw: Record<string, (number | string)[]> = Object.fromEntries(names.map((k) => [k, Array.from(study[k])]));
    raw.all = raw.code.map(() => "all");
    const rhs = "shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density";
    const fast = new GroupRefitter(`${rhs} | code + year`, raw, "ai", ["code"]);
    const general = new GroupRefitter(`${rhs} | code + year + all`, raw, "ai", ["code"]);
    const cities = [...new Set(raw.code)];
    const rng = new Rng(5);
    for (let draw = 0; draw < 6; draw++) {
      const second = new Set(cities.filter(() => rng.uniform() < 0.3 + 0.1 * draw));
      const rowLabel = Int8Array.from(raw.code, (c) => (second.has(c) ? 1 : 0));
      const a = fast.statistic(rowLabel, "studentized");
      const b = general.statistic(rowLabel, "studentized");
      assertClose(a.value, b.value, 1e-10, `T, draw ${draw}`);
      assertClose(a.se, b.se, 1e-10, `se(d), draw ${draw}`);
    }
  });
});
