/**
 * The layers of lib/, bottom to top, and the rule that holds them: a module may import only from
 * its own layer or a layer beneath it (so folders cannot import each other in a loop), and no
 * module imports itself round a cycle. `npm test` runs it (`npm run lint:layers`).
 *
 * The estimator library is everything up to lib/index.ts; the study and the workshop sit on it.
 * README.md, "The library's layers", draws the same picture.
 */
const LAYERS = [
  ["contracts and numerics", ["lib/errors.ts", "lib/names.ts", "lib/options.ts", "lib/linalg/", "lib/distributions/", "lib/random/"]],
  ["formula", ["lib/formula/"]],
  ["design", ["lib/design/"]],
  ["absorb", ["lib/absorb/"]],
  ["solve", ["lib/solve/"]],
  ["variance", ["lib/variance/"]],
  ["result", ["lib/result/"]],
  ["diagnostics", ["lib/diagnostics/"]],
  ["estimate", ["lib/estimate/"]],
  ["feols", ["lib/feols.ts"]],
  ["resample", ["lib/resample/"]],
  ["toolkit", ["lib/toolkit/"]],
  ["report", ["lib/report/"]],
  ["estimator library entry", ["lib/index.ts"]],
  ["study", ["lib/study/"]],
  ["workshop", ["lib/workshop/"]],
];

const pattern = (paths) => `^(${paths.map((p) => (p.endsWith("/") ? p : `${p}$`).replace(/\./g, "\\.")).join("|")})`;

const layerRules = LAYERS.slice(0, -1).map(([name, paths], i) => {
  const above = LAYERS.slice(i + 1);
  return {
    name: `layer-${name.replace(/\W+/g, "-")}`,
    comment: `${name} sits beneath ${above.map(([n]) => n).join(", ")}: it must not import them.`,
    severity: "error",
    from: { path: pattern(paths) },
    to: { path: pattern(above.flatMap(([, p]) => p)) },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-circular",
      comment: "No module may import itself through a chain of imports.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    {
      name: "lib-not-to-tools",
      comment: "The library never imports the scripts, tests or benchmarks built on it.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(scripts|test|bench|notebooks)/" },
    },
    {
      name: "no-unresolvable",
      comment: "Every import resolves to a file or an installed package.",
      severity: "error",
      from: { path: "^lib/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["cjs", "es6"],
  },
};
