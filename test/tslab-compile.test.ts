/**
 * lib/ must compile under tslab's own TypeScript 5.0 fork (CommonJS, Node10 resolution,
 * ES2022, esModuleInterop) as well as under the strict tsc of `npm run typecheck`.
 * This runs a notebook-style cell through tslab's converter and executor, as the kernel does.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { feols } from "../lib/index";
import { runInTslab } from "./helpers/tslab";

it("a notebook cell importing ./lib/index compiles and runs under tslab", async () => {
  const { ok, errors, locals } = await runInTslab(
    'import { feols } from "./lib/index";\nconst fit = feols("y ~ x | id", { y: [1, 2, 3, 4, 5, 7], x: [1, 3, 2, 5, 4, 4], id: [1, 1, 2, 2, 3, 3] });',
    { sources: true }, // lib/'s sources themselves, as KIT_LIB_SOURCES=1 gives them to the kernel
  );
  assert.equal(errors, "", "tslab reported compile or run-time errors");
  assert.ok(ok, "the cell failed");
  const direct = feols("y ~ x | id", { y: [1, 2, 3, 4, 5, 7], x: [1, 3, 2, 5, 4, 4], id: [1, 1, 2, 2, 3, 3] });
  assert.equal(locals.fit.coef.x, direct.coef.x, "the kernel-compiled library gives the same estimate");
});
