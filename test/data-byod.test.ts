/**
 * Bring your own data: a raw folder missing some schema files still builds; the variables those files
 * feed are left empty and listed with the files they need (economy.csv feeds every GDP-based variable,
 * robots_city.csv the robot density `ai` — read off lib/study/variables/build.ts).
 */
import assert from "node:assert/strict";
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { cleanRawFolder, loadRegistry } from "../lib/study/index";
import { notBuilt } from "../lib/study/clean/store";
import { tempDir } from "./helpers/tempDir";

it("a raw folder without economy.csv and robots_city.csv builds, listing exactly the variables it cannot make", () => {
  const dir = tempDir("kit-byod-");
  const raw = join(__dirname, "..", "data", "raw");
  const present = readdirSync(raw).filter((f) => f.endsWith(".csv") && f !== "economy.csv" && f !== "robots_city.csv");
  for (const f of present) copyFileSync(join(raw, f), join(dir, f));
  const result = cleanRawFolder(dir, loadRegistry());
  const missing = notBuilt(result.values);
  assert.deepEqual(
    missing.map((m) => m.variable),
    ["shrink_index", "ai", "lnpgdp", "gov", "fin", "open", "isu"],
  );
  assert.deepEqual(missing.find((m) => m.variable === "ai")?.needs, ["robots_city.csv", "economy.csv"]);
  assert.deepEqual(missing.find((m) => m.variable === "gov")?.needs, ["economy.csv"]);
  assert.ok(result.panel.shrink.every((x) => Number.isFinite(x)), "shrink needs neither file");
});
