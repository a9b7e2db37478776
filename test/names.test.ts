/**
 * The "did you mean" helper every not-found message uses: edit distance with adjacent swaps
 * (optimal string alignment), checked against distances worked out by hand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closestNames, editDistance, unknownNameHint } from "../lib/names";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions (kitten → sitting = 3, the textbook example)", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("same", "same"), 0);
  });

  it("counts a swap of two adjacent letters as one edit, and ignores case", () => {
    assert.equal(editDistance("titel", "title"), 1);
    assert.equal(editDistance("lnpdgp", "lnpgdp"), 1);
    assert.equal(editDistance("AI", "ai"), 0);
  });
});

describe("closestNames and unknownNameHint", () => {
  it("suggests the typos participants make: provnce → province, lnpdgp → lnpgdp, draw → draws, widht → width", () => {
    assert.deepEqual(closestNames("provnce", ["code", "province", "year"]), ["province"]);
    assert.deepEqual(closestNames("lnpdgp", ["lnpgdp", "gov", "fin"]), ["lnpgdp"]);
    assert.deepEqual(closestNames("draw", ["draws", "seed"]), ["draws"]);
    assert.deepEqual(closestNames("widht", ["width", "height", "title"]), ["width"]);
  });

  it("suggests nothing for a name far from every candidate, and then lists the candidates", () => {
    assert.deepEqual(closestNames("population", ["ai", "gov"]), []);
    assert.equal(unknownNameHint("population", ["ai", "gov"], "Available columns"), "Available columns: ai, gov.");
    assert.equal(unknownNameHint("AI", ["ai", "gov"], "Available columns"), 'Did you mean "ai"? Available columns: ai, gov.');
    const many = Array.from({ length: 20 }, (_, k) => `v${k}`).concat("lnpgdp");
    assert.equal(unknownNameHint("lnpdgp", many, "Available columns"), 'Did you mean "lnpgdp"?');
  });
});
