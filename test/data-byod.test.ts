/** Bring your own data: a folder missing raw files is refused, naming them, before anything is read. */
import assert from "node:assert/strict";
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { cleanRawFolder, DataFileError, loadRegistry } from "../lib/study/index";
import { tempDir } from "./helpers/tempDir";

it("a raw folder without some schema files gets an error listing exactly the missing ones", () => {
  const dir = tempDir("kit-byod-");
  const raw = join(__dirname, "..", "data", "raw");
  const present = readdirSync(raw).filter((f) => f.endsWith(".csv") && f !== "economy.csv" && f !== "robots_city.csv");
  for (const f of present) copyFileSync(join(raw, f), join(dir, f));
  assert.throws(
    () => cleanRawFolder(dir, loadRegistry()),
    (e: unknown) => e instanceof DataFileError && /lacks 2 of the 14 raw files: economy\.csv, robots_city\.csv\./.test(e.message),
  );
});
