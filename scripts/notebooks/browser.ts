/**
 * Where Debian's (or another installed) Chromium is. The kit drives it through playwright-core
 * (staticFigures.ts launches it offline; figureCheck.ts checks pages in it).
 */
import { existsSync } from "node:fs";

/** The Chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
