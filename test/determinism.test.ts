/**
 * Same seed, same bytes — without running the replication twice. The whole pipeline's determinism
 * is checked in test/notebooks.test.ts by running notebook 06 again and comparing its tables,
 * figures and findings byte for byte with the shared run. Each seeded procedure is checked on its
 * own, twice with one seed and once with another, in its test file:
 *   placeboTest            test/resample-placebo.test.ts  ("the same seed gives the same placebo draws byte for byte")
 *   wildClusterBootstrap   test/resample-wild.test.ts     ("the same seed gives the same draws byte for byte")
 *   mediate (bootstrap)    test/toolkit-mediate.test.ts   ("the same seed gives byte-identical draws and intervals")
 *   compareGroups (perm.)  test/toolkit-groups.test.ts    ("the same seed gives byte-identical draws and p")
 *   the simulated panel    test/data-simulate.test.ts, test/data-build.test.ts
 * and the Monte Carlo study of notebook 08 here (the one seeded procedure without such a check).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { loadRegistry } from "../lib/study/index";
import { monteCarloStudy, type MonteCarloStudy } from "../lib/workshop/index";

/** A hash of every number a study reports (each Float64Array's bytes, in key order). */
function fingerprint(study: MonteCarloStudy): string {
  const hash = createHash("sha256");
  const visit = (value: unknown, key: string): void => {
    if (value instanceof Float64Array) hash.update(key).update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else if (Array.isArray(value)) value.forEach((v, k) => visit(v, `${key}[${k}]`));
    else if (value && typeof value === "object") for (const k of Object.keys(value).sort()) visit((value as Record<string, unknown>)[k], `${key}.${k}`);
    else hash.update(`${key}=${String(value)};`);
  };
  visit(study, "");
  return hash.digest("hex");
}

describe("the Monte Carlo study is deterministic", () => {
  const cities = loadRegistry();
  const run = (seed: number) => monteCarloStudy({ draws: 3, seed, cities, noiseLevels: [1.6], noiseReplicates: 2 });

  it("the same seed gives byte-identical draws, coverage and weak-instrument rows; another seed does not", () => {
    const first = run(7);
    assert.equal(fingerprint(run(7)), fingerprint(first));
    assert.notEqual(fingerprint(run(8)), fingerprint(first));
    assert.equal(first.noisy[0].iv.length, 6, "three panels with two noise draws each");
  });
});
