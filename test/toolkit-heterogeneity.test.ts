/**
 * Notebook 06's heterogeneity tools against R (groups_r.json, made by test/golden/make_groups_golden.R):
 * Holm and Bonferroni adjusted p-values against p.adjust; the exact permutation test of compareGroups
 * (every assignment of the group labels enumerated, no random numbers) against the same enumeration in R
 * with lm + sandwich — the studentized statistic d/se(d) with the SUEST se, and the unstudentized d; the
 * joint interaction model against fixest (feols, confint, wald). All at a relative 1e-8.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, IdentificationError, OptionsError } from "../lib/errors";
import { bonferroniAdjust, holmAdjust } from "../lib/toolkit/multipleTesting";
import { compareGroups } from "../lib/toolkit/compareGroups";
import { choose, forEachAssignment } from "../lib/toolkit/groupPermutation";
import { jointInteractions } from "../lib/toolkit/jointInteractions";
import { assertClose, readGolden } from "./helpers/golden";

const golden = readGolden("groups_r.json");
/** JSON null (R's NA) as NaN. */
const numbers = (xs: (number | null)[]): number[] => xs.map((x) => (x === null ? NaN : x));

describe("holmAdjust and bonferroniAdjust against R's p.adjust", () => {
  for (const [name, c] of Object.entries(golden.adjust as Record<string, { p: (number | null)[]; holm: (number | null)[]; bonferroni: (number | null)[] }>)) {
    it(`${name}: Holm and Bonferroni at 1e-8, a missing p stays missing and is not counted`, () => {
      const p = numbers(c.p);
      const holm = holmAdjust(p);
      const bonferroni = bonferroniAdjust(p);
      numbers(c.holm).forEach((e, i) => (Number.isNaN(e) ? assert.ok(Number.isNaN(holm[i])) : assertClose(holm[i], e, 1e-8, `holm[${i}]`)));
      numbers(c.bonferroni).forEach((e, i) => (Number.isNaN(e) ? assert.ok(Number.isNaN(bonferroni[i])) : assertClose(bonferroni[i], e, 1e-8, `bonferroni[${i}]`)));
    });
  }

  it("Holm never exceeds Bonferroni and never falls below the raw p-value", () => {
    const p = numbers(golden.adjust.running_max.p);
    const holm = holmAdjust(p);
    const bonferroni = bonferroniAdjust(p);
    p.forEach((q, i) => assert.ok(holm[i] >= q && holm[i] <= bonferroni[i]));
  });

  it("refuses p-values outside [0, 1] or not numbers, naming the position", () => {
    assert.throws(() => holmAdjust([0.1, 1.2]), (e: Error) => e instanceof DataError && /p-value 2 is 1.2/.test(e.message));
    assert.throws(() => bonferroniAdjust([-0.1]), DataError);
    assert.throws(() => holmAdjust(["0.1" as unknown as number]), DataError);
  });
});

describe("the exact permutation test of compareGroups against R (lm + sandwich, every assignment)", () => {
  const cases = [
    { key: "exact_fe_cluster_balanced", formula: "y ~ x + z | id + year", vcov: { cluster: "id" } as const },
    { key: "exact_fe_cluster_unbalanced", formula: "y ~ x + z | id + year", vcov: { cluster: "id" } as const },
    { key: "exact_nofe_hetero_rows", formula: "y ~ x + z", vcov: "hetero" as const },
  ];
  for (const c of cases) {
    const g = golden[c.key];
    const data = { ...g.data, grp: (g.data.id as number[]).map((id: number, i: number) => ((g.cluster ? g.second_units.includes(id) : g.second_units.includes(i + 1)) ? "second" : "first")) };
    const run = (statistic: "studentized" | "difference") =>
      compareGroups({ data, formula: c.formula, by: "grp", coef: "x", vcov: c.vcov, permutations: { exact: true, statistic } }).permutation!;

    it(`${c.key}: studentized — the observed T, the ${g.assignments} permuted T's and the exact p at 1e-8`, () => {
      const perm = run("studentized");
      assert.equal(perm.exact, true);
      assert.equal(perm.statistic, "studentized");
      assert.equal(perm.draws, g.assignments);
      assert.equal(perm.valid, g.assignments);
      assert.equal(perm.seed, undefined);
      assertClose(perm.observed, g.observed_t, 1e-8, "observed T");
      assertClose(perm.difference, g.observed_d, 1e-8, "observed d");
      const mine = [...perm.distribution].sort((a, b) => a - b);
      const theirs = [...(g.distribution_t as number[])].sort((a, b) => a - b);
      mine.forEach((v, i) => assertClose(v, theirs[i], 1e-8, `T*[${i}]`));
      assertClose(perm.p, g.p_studentized, 1e-8, "exact p");
    });

    it(`${c.key}: unstudentized — the observed d, the permuted d's and the exact p at 1e-8`, () => {
      const perm = run("difference");
      assert.equal(perm.statistic, "difference");
      assertClose(perm.observed, g.observed_d, 1e-8, "observed d");
      const mine = [...perm.distribution].sort((a, b) => a - b);
      const theirs = [...(g.distribution_d as number[])].sort((a, b) => a - b);
      mine.forEach((v, i) => assertClose(v, theirs[i], 1e-8, `d*[${i}]`));
      assertClose(perm.p, g.p_difference, 1e-8, "exact p");
    });
  }

  it("enumerates in combn's order: the permuted statistics in enumeration order match R's, element by element", () => {
    const g = golden.exact_fe_cluster_balanced;
    const data = { ...g.data, grp: (g.data.id as number[]).map((id) => (g.second_units.includes(id) ? "second" : "first")) };
    const perm = compareGroups({ data, formula: "y ~ x + z | id + year", by: "grp", coef: "x", vcov: { cluster: "id" }, permutations: { exact: true } }).permutation!;
    perm.distribution.forEach((v, i) => assertClose(v, g.distribution_t[i], 1e-8, `T*[${i}]`));
  });

  it("the studentized and the unstudentized tests disagree where R says they do (12 rows, unequal variances)", () => {
    const g = golden.exact_nofe_hetero_rows;
    assert.ok(g.p_difference < 0.05 && g.p_studentized > 0.1, "the golden case separates the two statistics");
  });

  it("forEachAssignment visits each of the C(n, k) labellings once, and choose counts them", () => {
    const seen = new Set<string>();
    forEachAssignment(7, 3, (labels) => {
      assert.equal(labels.reduce((s, v) => s + v, 0), 3);
      seen.add(labels.join(""));
    });
    assert.equal(seen.size, 35);
    assert.equal(choose(7, 3), 35);
    assert.equal(choose(287, 28, 20000), Infinity);
  });

  it("refuses exact with draws or seed, an unknown statistic, and an enumeration that is too large", () => {
    const g = golden.exact_fe_cluster_balanced;
    const data = { ...g.data, grp: (g.data.id as number[]).map((id) => (id % 3 === 0 ? "b" : "a")) };
    const base = { data, formula: "y ~ x + z | id + year", by: "grp", coef: "x", vcov: { cluster: "id" } as const };
    assert.throws(() => compareGroups({ ...base, permutations: { exact: true, draws: 99 } }), (e: Error) => e instanceof OptionsError && /leave out draws and seed/.test(e.message));
    assert.throws(() => compareGroups({ ...base, permutations: { statistic: "t" as never } }), (e: Error) => e instanceof OptionsError && /studentized/.test(e.message));
    assert.throws(() => compareGroups({ ...base, permutations: { exact: "yes" as never } }), OptionsError);
    const big = { y: [] as number[], x: [] as number[], z: [] as number[], grp: [] as string[] };
    for (let i = 0; i < 60; i++) {
      big.y.push(Math.sin(i));
      big.x.push(Math.cos(3 * i));
      big.z.push(Math.sin(7 * i));
      big.grp.push(i < 30 ? "a" : "b");
    }
    assert.throws(() => compareGroups({ data: big, formula: "y ~ x + z", by: "grp", coef: "x", vcov: "hetero", permutations: { exact: true } }), (e: Error) => e instanceof OptionsError && /more than 20000 assignments/.test(e.message));
  });
});

describe("jointInteractions against R fixest (feols, confint at 90%, wald)", () => {
  const g = golden.joint;
  const j = jointInteractions({ data: g.data, formula: "y ~ x + w | id + year", coef: "x", flags: ["fa", "fb", "fc"], vcov: { cluster: "id" }, level: g.level });

  it("the base slope and each increment: estimate, SE, t, p and the 90% interval at 1e-8", () => {
    const rows = [j.base, ...j.increments];
    assert.deepEqual(rows.map((r) => r.term), g.terms);
    rows.forEach((r, k) => {
      assertClose(r.estimate, g.estimate[k], 1e-8, `${r.term} estimate`);
      assertClose(r.se, g.se[k], 1e-8, `${r.term} se`);
      assertClose(r.tstat, g.t[k], 1e-8, `${r.term} t`);
      assertClose(r.p, g.p[k], 1e-8, `${r.term} p`);
      assertClose(r.ci[0], g.ci_lower[k], 1e-8, `${r.term} lower`);
      assertClose(r.ci[1], g.ci_upper[k], 1e-8, `${r.term} upper`);
    });
  });

  it("the joint Wald test that every increment is zero: F, its degrees of freedom and p at 1e-8", () => {
    assertClose(j.wald.stat, g.wald_stat, 1e-8, "F");
    assert.equal(j.wald.df1, g.wald_df1);
    assert.equal(j.wald.df2, g.wald_df2);
    assertClose(j.wald.p, g.wald_p, 1e-8, "p");
  });

  it("absorbs the main effects of flags constant within a fixed effect and includes the others", () => {
    assert.deepEqual(j.increments.map((d) => d.mainEffect), ["absorbed by id", "absorbed by id", "included"]);
    assert.ok("fc" in j.fit.coef && !("fa" in j.fit.coef));
    assert.match(j.summary(), /Joint Wald test, every increment = 0: F\(3, \d+\)/);
  });

  it("refuses a flag that is not 0/1, a coef that is not a variable of the formula, and a flag listed twice", () => {
    const base = { data: g.data, formula: "y ~ x + w | id + year", coef: "x", vcov: { cluster: "id" } as const };
    const data = { ...g.data, v: (g.data.w as number[]).slice() };
    assert.throws(() => jointInteractions({ ...base, data, flags: ["v"] }), (e: Error) => e instanceof DataError && /"v" has the value/.test(e.message));
    assert.throws(() => jointInteractions({ ...base, flags: ["w"] }), (e: Error) => e instanceof OptionsError && /already a term/.test(e.message));
    assert.throws(() => jointInteractions({ ...base, coef: "ai", flags: ["fa"] }), (e: Error) => e instanceof OptionsError && /coef must be a variable/.test(e.message));
    assert.throws(() => jointInteractions({ ...base, flags: ["fa", "fa"] }), OptionsError);
    assert.throws(() => jointInteractions({ ...base, flags: ["nope"] }), (e: Error) => e instanceof DataError && /nope/.test(e.message));
    assert.throws(() => jointInteractions({ ...base, flags: ["fa"], levels: 0.9 } as never), (e: Error) => e instanceof OptionsError && /level/.test(e.message));
  });

  it("names a flag whose interaction is collinear", () => {
    const data = { ...g.data, fd: (g.data.fa as number[]).slice() };
    assert.throws(() => jointInteractions({ data, formula: "y ~ x + w | id + year", coef: "x", flags: ["fa", "fd"], vcov: { cluster: "id" } }), (e: Error) => e instanceof IdentificationError && /x:fd/.test(e.message));
  });
});
