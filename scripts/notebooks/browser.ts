/**
 * Opens exported report pages in headless Chromium and checks that every plotly figure rendered:
 * the figure's container holds plotly's SVG and at least one drawn trace. Uses Debian's
 * `chromium` with the flags that keep it off the network (none is reachable here).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

/** The Chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface RenderCheck {
  page: string;
  figures: number;
  rendered: number;
  failed: string[];
}

/** The DOM of a page after its scripts ran. */
export function renderedDom(chromium: string, page: string): string {
  const profile = mkdtempSync(join(tmpdir(), "kit-chromium-"));
  try {
    return execFileSync(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, "--virtual-time-budget=5000", "--dump-dom", pathToFileURL(page).href], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
  } finally {
    rmSync(profile, { recursive: true, force: true }); // a Chromium profile is a few MB
  }
}

/** Checks every `.plotly-figure` container of one page. */
export function checkFigures(chromium: string, page: string): RenderCheck {
  const dom = renderedDom(chromium, page);
  const starts = [...dom.matchAll(/<div id="([^"]+)" class="plotly-figure[^"]*"/g)];
  const failed: string[] = [];
  starts.forEach((match, k) => {
    const end = k + 1 < starts.length ? (starts[k + 1].index as number) : dom.length;
    const block = dom.slice(match.index as number, end);
    const hasSvg = block.includes('class="main-svg"');
    const hasTrace = /class="(trace|point|bars|scatterlayer|heatmaplayer)[^"]*"[^>]*>[\s\S]*?<path[^>]+d="M/.test(block);
    if (!hasSvg || !hasTrace) failed.push(match[1]);
  });
  return { page, figures: starts.length, rendered: starts.length - failed.length, failed };
}
