/**
 * The benches' one timing loop: a call warmed up twice, then timed `runs` times (wall clock,
 * performance.now); prints the median, min and max. `runs` comes from `--runs N` (default 11).
 */

/** The `--runs N` argument of the bench's command line (default 11). */
export function runsFromArgs(argv: string[] = process.argv): number {
  const at = argv.indexOf("--runs");
  return at > 0 ? Number(argv[at + 1]) : 11;
}

/**
 * Times `call` and prints "label: median … ms (min …, max …, runs)".
 * @example time("shiftShareSE AKM", () => shiftShareSE(args), 11)
 */
export function time(label: string, call: () => unknown, runs: number = runsFromArgs()): number {
  call();
  call();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)];
  console.log(`${label}: median ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[runs - 1].toFixed(1)}, ${runs} runs)`);
  return median;
}
