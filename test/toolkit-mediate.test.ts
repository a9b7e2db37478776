/**
 * mediate(): the regressions, Sobel and Aroian tests against R golden values (toolkit_r.json, made by
 * test/golden/make_toolkit_golden.R with fixest's conventions reproduced in R and checked against
 * lm + sandwich); the normal and bootstrap-interval helpers against R's qnorm/pnorm/quantile; the
 * bootstrap's determinism under a seed and its coverage of a known a·b; bad inputs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../lib/random/rng";
import { DataError, FormulaError, IdentificationError, OptionsError } from "../lib/errors";
import { biasCorrectedInterval, percentileInterval } from "../lib/toolkit/intervals";
import { MEDIATION_CAVEAT, MEDIATION_CAVEAT_ZH, mediate } from "../lib/toolkit/mediate";
import { normalCdf, normalQuantile, normalTwoSidedP } from "../lib/distributions/normal";
import { assertClose, readGolden, readGoldenCsv, assertCoefficients } from "./helpers/golden";

const golden = readGolden("toolkit_r.json");
const panel = readGoldenCsv("unbalanced_panel.csv", ["region"]);

/** Every coefficient of a golden block: estimate, SE, t and p at a relative 1e-8. */
function assertBlock(fit: Parameters<typeof assertCoefficients>[0], block: Parameters<typeof assertCoefficients>[1], what: string): void {
  assertCoefficients(fit, block, 1e-8, {}, what);
}

describe("mediate against R (unbalanced panel: y on x1 through x2, control x3)", () => {
  const cases = [
    { key: "mediation_fe_cluster", fe: ["id", "year"], vcov: { cluster: "id" } as const },
    { key: "mediation_nofe_hetero", fe: [] as string[], vcov: "hetero" as const },
  ];
  for (const c of cases) {
    const g = golden[c.key];
    const m = mediate({ data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: c.fe, vcov: c.vcov });
    it(`${c.key}: the three regressions (coefficients, SEs, t, p) and the common sample`, () => {
      assert.equal(m.nobs, g.nobs);
      assertBlock(m.fits.total, g.total, "total");
      assertBlock(m.fits.mediator, g.mediator, "mediator");
      assertBlock(m.fits.outcome, g.outcome, "outcome");
      assert.equal(m.fits.outcome.dofK, g.dof_K.outcome);
    });
    it(`${c.key}: a, b, direct, total, indirect, share, Sobel and Aroian`, () => {
      assertClose(m.a, g.a, 1e-8, "a");
      assertClose(m.b, g.b, 1e-8, "b");
      assertClose(m.direct, g.direct, 1e-8, "direct");
      assertClose(m.total, g.total_effect, 1e-8, "total");
      assertClose(m.indirect, g.indirect, 1e-8, "indirect");
      assertClose(m.shareMediated, g.share_mediated, 1e-8, "share");
      for (const t of ["sobel", "aroian"] as const) {
        assertClose(m[t].se, g[t].se, 1e-8, `${t} se`);
        assertClose(m[t].z, g[t].z, 1e-8, `${t} z`);
        assertClose(m[t].p, g[t].p, 1e-8, `${t} p`);
      }
    });
  }

  it("on a common sample OLS gives total = direct + a·b exactly", () => {
    const m = mediate({ data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: "id + year", vcov: { cluster: "id" } });
    assertClose(m.direct + m.indirect, m.total, 1e-10, "total vs direct + indirect");
  });

  it("the summary prints the two-step results first, the Baron–Kenny contrast, the bootstrap and the caveat", () => {
    const m = mediate({ data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: ["id", "year"], vcov: { cluster: "id" }, bootstrap: { draws: 19, seed: 3 } });
    const text = m.summary();
    assert.ok(text.indexOf("two-step") < text.indexOf("Baron-Kenny"));
    assert.match(text, /19 draws; seed 3/);
    assert.ok(text.includes("慎用中介效应模型做经济学机制分析"));
    assert.equal(m.caveat, MEDIATION_CAVEAT);
    assert.match(m.caveat, /accounting/);
  });

  it("the caveat names what identification needs, with its references, in English and Chinese", () => {
    for (const needed of [
      /sequential ignorability/,
      /no\s+unmeasured mediator-outcome confounder/,
      /no mediator-outcome confounder caused by the\s+treatment/,
      /treatment must be measured without error/,
      /baseline's instrument/,
      /Imai, Keele & Tingley 2010/,
      /VanderWeele 2015/,
    ]) assert.match(MEDIATION_CAVEAT, needed);
    for (const needed of [/序贯可忽略性/, /中介变量与结果之间没有未观测的混杂因素/, /受处理变量影响的中介—结果混杂因素/, /处理变量必须没有测量误差/, /工具变量/, /Imai, Keele & Tingley 2010/, /VanderWeele 2015/, /会计关系/]) {
      assert.match(MEDIATION_CAVEAT_ZH, needed);
    }
  });
});

describe("normal distribution and bootstrap intervals against R", () => {
  it("normalQuantile equals qnorm and normalTwoSidedP equals 2·pnorm(−|z|) (1e-13)", () => {
    const n = golden.normal;
    n.p.forEach((p: number, k: number) => assertClose(normalQuantile(p), n.qnorm[k], 1e-13, `qnorm(${p})`));
    n.z.forEach((z: number, k: number) => {
      assertClose(normalTwoSidedP(z), n.two_sided_p[k], 1e-13, `2 pnorm(-${z})`);
      assertClose(normalCdf(-z), n.cdf_neg[k], 1e-13, `pnorm(-${z})`);
    });
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.throws(() => normalQuantile(1.5), OptionsError);
  });

  it("percentile and bias-corrected intervals equal R's quantile(type = 7) with Efron's z0", () => {
    const { draws, cases } = golden.intervals;
    const mine = Array.from({ length: 199 }, (_, k) => (((k + 1) * 37) % 199) / 100 - 0.8);
    mine.forEach((v, k) => assertClose(v, draws[k], 1e-14, `draw ${k}`)); // the JSON holds 15 significant digits
    for (const c of cases) {
      const pct = percentileInterval(mine, c.level);
      const bc = biasCorrectedInterval(mine, c.estimate, c.level);
      assertClose(pct[0], c.percentile[0], 1e-12, "percentile lower");
      assertClose(pct[1], c.percentile[1], 1e-12, "percentile upper");
      assertClose(bc.z0, c.z0, 1e-12, "z0");
      assertClose(bc.interval[0], c.bias_corrected[0], 1e-12, "BC lower");
      assertClose(bc.interval[1], c.bias_corrected[1], 1e-12, "BC upper");
    }
  });

  it("the BC interval is undefined (NaN) when every draw lies on one side of the estimate", () => {
    const bc = biasCorrectedInterval([1, 2, 3], 0, 0.95);
    assert.ok(Number.isNaN(bc.interval[0]) && Number.isNaN(bc.interval[1]));
  });
});

describe("cluster bootstrap of a·b", () => {
  const run = (seed: number) =>
    mediate({ data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: ["id", "year"], vcov: { cluster: "id" }, bootstrap: { draws: 49, seed } });

  it("the same seed gives byte-identical draws and intervals; another seed differs", () => {
    const first = JSON.stringify(run(7).bootstrap);
    const again = JSON.stringify(run(7).bootstrap);
    const other = JSON.stringify(run(8).bootstrap);
    assert.equal(first, again);
    assert.notEqual(first, other);
  });

  it("states the draws, seed, unit and level, and resamples the clusters of the vcov by default", () => {
    const b = run(7).bootstrap!;
    assert.equal(b.draws, 49);
    assert.equal(b.valid + b.failed, 49);
    assert.equal(b.seed, 7);
    assert.equal(b.cluster, "id");
    assert.equal(b.units, 40);
    assert.equal(b.level, 0.95);
    assert.equal(b.distribution.length, b.valid);
    assert.ok(b.ci.percentile[0] < b.ci.percentile[1]);
  });

  it("resamples rows when cluster is null", () => {
    const m = mediate({ data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: ["id", "year"], vcov: "iid", bootstrap: { draws: 5, seed: 1, cluster: null } });
    assert.equal(m.bootstrap!.cluster, "rows");
    assert.equal(m.bootstrap!.units, m.nobs);
  });

  it("covers a known indirect effect: 20 simulated panels, the 95% intervals cover a·b = 0.3 in at least 15", () => {
    // y = 0.5·t + 0.6·m + city + year + e,  m = 0.5·t + city + year + v  ⇒  a·b = 0.3 (P(fewer than 15 of 20) < 4e-4 at 95% coverage)
    let coveredPct = 0;
    let coveredBc = 0;
    for (let s = 0; s < 20; s++) {
      const rng = new Rng(1000 + s);
      const cols: Record<string, number[]> = { y: [], t: [], m: [], city: [], year: [], c: [] };
      const cityEffect = Array.from({ length: 50 }, () => rng.normal());
      for (let i = 0; i < 50; i++) {
        for (let t = 0; t < 6; t++) {
          const treat = 0.5 * cityEffect[i] + rng.normal();
          const control = rng.normal();
          const med = 0.5 * treat + cityEffect[i] + 0.1 * t + 0.3 * control + rng.normal();
          const y = 0.5 * treat + 0.6 * med - cityEffect[i] + 0.2 * t + 0.2 * control + rng.normal();
          cols.y.push(y); cols.t.push(treat); cols.m.push(med); cols.city.push(i); cols.year.push(2010 + t); cols.c.push(control);
        }
      }
      const res = mediate({ data: cols, outcome: "y", treatment: "t", mediator: "m", controls: ["c"], fe: ["city", "year"], vcov: { cluster: "city" }, bootstrap: { draws: 99, seed: s } });
      const { percentile, biasCorrected } = res.bootstrap!.ci;
      if (percentile[0] <= 0.3 && 0.3 <= percentile[1]) coveredPct++;
      if (biasCorrected[0] <= 0.3 && 0.3 <= biasCorrected[1]) coveredBc++;
    }
    assert.ok(coveredPct >= 15, `percentile intervals covered a·b in ${coveredPct} of 20`);
    assert.ok(coveredBc >= 15, `bias-corrected intervals covered a·b in ${coveredBc} of 20`);
  });
});

describe("mediate: bad inputs", () => {
  const base = { data: panel, outcome: "y", treatment: "x1", mediator: "x2", controls: ["x3"], fe: ["id", "year"], vcov: { cluster: "id" } as const };

  it("names an unknown treatment, mediator or outcome column", () => {
    assert.throws(() => mediate({ ...base, treatment: "ai" }), (e: Error) => e instanceof DataError && /treatment "ai"/.test(e.message));
    assert.throws(() => mediate({ ...base, mediator: "X2" }), (e: Error) => e instanceof DataError && /Did you mean "x2"/.test(e.message));
  });

  it("names an unknown control or fixed effect (in the formula it builds)", () => {
    assert.throws(() => mediate({ ...base, controls: ["lnpgdp"] }), (e: Error) => e instanceof FormulaError && /lnpgdp/.test(e.message));
    assert.throws(() => mediate({ ...base, fe: ["code"] }), (e: Error) => e instanceof FormulaError && /code/.test(e.message));
  });

  it("names an unknown bootstrap cluster and refuses bad seeds, draws and options", () => {
    assert.throws(() => mediate({ ...base, bootstrap: { draws: 9, seed: 1, cluster: "city" } }), (e: Error) => e instanceof DataError && /city/.test(e.message));
    assert.throws(() => mediate({ ...base, bootstrap: { draws: 9, seed: -1 } }), OptionsError);
    assert.throws(() => mediate({ ...base, bootstrap: { draws: 0, seed: 1 } }), OptionsError);
    assert.throws(() => mediate({ ...base, bootstrap: { draws: 9, seed: 1, reps: 3 } as never }), (e: Error) => e instanceof OptionsError && /reps/.test(e.message));
    assert.throws(() => mediate({ ...base, cluster: "id" } as never), (e: Error) => e instanceof OptionsError && /cluster/.test(e.message));
  });

  it("refuses the same column in two roles", () => {
    assert.throws(() => mediate({ ...base, mediator: "x1" }), OptionsError);
    assert.throws(() => mediate({ ...base, controls: ["x2"] }), OptionsError);
  });

  it("says so when the treatment is collinear with the fixed effects", () => {
    assert.throws(
      () => mediate({ ...base, treatment: "x_fecoll", controls: [] }),
      (e: Error) => e instanceof IdentificationError && /x_fecoll/.test(e.message),
    );
  });
});
