/**
 * The exported report in a real browser: headless Chromium opens the pages and every plotly
 * figure must have drawn its SVG with data. Without Chromium the test is skipped with a line
 * saying so — unless KIT_REQUIRE_BROWSER=1 (set by .ci/run), which turns a missing browser
 * into a failure.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkFigures, findChromium } from "../scripts/notebooks/browser";
import { replicate } from "../scripts/replicate";

const chromium = findChromium();
const required = process.env.KIT_REQUIRE_BROWSER === "1";
if (!chromium) {
  if (required) throw new Error("KIT_REQUIRE_BROWSER=1 but no Chromium is installed: apt-get install chromium.");
  console.log("# not exercised: the browser check of figures (install Debian's chromium to run it)");
}

describe("figures render in headless Chromium", { skip: !chromium }, () => {
  it("the figure of an executed notebook and its standalone page draw SVG traces", async () => {
    const out = mkdtempSync(join(tmpdir(), "kit-report-"));
    await replicate({ full: false, notebooksDir: join(__dirname, "fixtures", "notebooks"), only: "ok", outDir: out, quiet: true });
    for (const page of [join(out, "notebooks", "ok.html"), join(out, "figures", "smoke-figure.html")]) {
      const check = checkFigures(chromium as string, page);
      assert.equal(check.figures, 1, `${page}: one figure expected`);
      assert.deepEqual(check.failed, [], `${page}: figures that did not render`);
    }
  });
  it("a figure container that plotly never drew is reported as failed", () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-broken-"));
    const page = join(dir, "broken.html");
    writeFileSync(page, '<!doctype html><html><body><div id="figure-0" class="plotly-figure"></div></body></html>');
    assert.deepEqual(checkFigures(chromium as string, page).failed, ["figure-0"]);
  });
});
