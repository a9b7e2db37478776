/**
 * Every notebook through the real Jupyter kernel protocol (nbconvert + the committed kernelspec).
 * Skipped with a line saying so when Debian's jupyter-nbconvert/jupyter-client are missing —
 * unless KIT_REQUIRE_JUPYTER=1 (set by .ci/run), which makes that a failure.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { executeWithKernel, hasJupyter } from "../scripts/notebooks/jupyter";

const root = join(__dirname, "..");
const available = hasJupyter();
if (!available) {
  if (process.env.KIT_REQUIRE_JUPYTER === "1") throw new Error("KIT_REQUIRE_JUPYTER=1 but nbconvert/jupyter-client are missing: apt-get install jupyter-nbconvert jupyter-client.");
  console.log("# not exercised: the notebooks through the real Jupyter kernel (install Debian's jupyter-nbconvert and jupyter-client)");
}

const notebookDir = join(root, "notebooks");
const notebooks = existsSync(notebookDir) ? readdirSync(notebookDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebookDir, f)) : [];

describe("notebooks run in the real tslab kernel", { skip: !available }, () => {
  it("the kernelspec starts tslab in the project root (fixture notebook imports ./lib/index)", () => {
    const executed = executeWithKernel(root, join(__dirname, "fixtures", "notebooks", "ok.ipynb"));
    const first = executed.cells.find((c) => c.cell_type === "code")?.outputs?.[0];
    assert.ok(first && first.output_type === "stream" && /x: 0\.38461/.test(first.text.join("")), JSON.stringify(first));
  });
  for (const path of notebooks) {
    it(`${path.split("/").pop()} executes without an error output`, () => {
      const executed = executeWithKernel(root, path);
      const displays = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "display_data");
      assert.ok(displays.length > 0, "the kit's display helpers reach the kernel's display channel");
      for (const output of displays) {
        if (output.output_type === "display_data" && "application/vnd.plotly.v1+json" in output.data) {
          assert.ok("text/html" in output.data, "a figure output carries the plotly JSON and the offline HTML together");
        }
      }
      for (const [k, cell] of executed.cells.entries()) {
        for (const output of cell.outputs ?? []) {
          assert.notEqual(output.output_type, "error", `cell ${k + 1} raised an error`);
          if (output.output_type === "stream") assert.notEqual(output.name, "stderr", `cell ${k + 1} wrote to stderr: ${output.text.join("")}`);
        }
      }
    });
  }
});
