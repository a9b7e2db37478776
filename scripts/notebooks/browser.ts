/**
 * Where Debian's (or another installed) Chromium is. The kit drives it through playwright-core
 * (staticFigures.ts launches it offline; figureCheck.ts checks pages in it).
 *
 * Debian's `chromium-headless-shell` comes first when installed: the same Blink and Skia as `chromium`
 * (the PNGs of notebooks 02 and 03 came out byte-identical in both), without the full browser around
 * them. Launching it, drawing one figure and closing it took ≈ 1.1 CPU s and 0.7 s against ≈ 2.0 CPU s
 * and 1.4 s for `chromium --headless` on a 2-core machine (issue 17; `replicate` and the tests start a
 * browser per run). `chromium` alone works as before.
 */
import { existsSync } from "node:fs";

/** The browsers looked for, in order. */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
}
