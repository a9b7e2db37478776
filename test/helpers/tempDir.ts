/**
 * Temporary folders that the tests remove: `tempDir("kit-x-")` makes a folder under the system's
 * temporary directory (TMPDIR) and registers an `after()` hook that deletes it, whether the tests
 * passed or failed. Called in a test, the hook runs when that test ends (or, after an `await`,
 * when the test file ends); called in a `describe` body, when the suite ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

/** A new empty folder under the temporary directory, deleted after the test (or suite, or file) that made it. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
