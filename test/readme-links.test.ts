/**
 * The repository's Markdown links nowhere outside it: every link of every committed Markdown file
 * (inline `[text](target)`, reference `[id]: target`, HTML `href`/`src`) is an absolute URL or a
 * file inside the repository that exists; and the files the README names in backticks exist,
 * except the ones the kit writes when it runs (output/, findings/, grades/).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

const ROOT = resolve(__dirname, "..");
const GENERATED = /^(output|findings|grades)\//;

/** The link targets of a Markdown text. */
function linkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const inline = [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const reference = [...withoutCode.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  const html = [...withoutCode.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
  return [...inline, ...reference, ...html];
}

/** Why a link target from `file` is not fine, or undefined when it is. */
function badTarget(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) return undefined; // https:, mailto:, an anchor
  const path = resolve(dirname(join(ROOT, file)), decodeURI(target.split("#")[0]));
  const inside = relative(ROOT, path);
  if (inside.startsWith("..")) return `${file}: "${target}" points outside the repository`;
  if (!existsSync(path)) return `${file}: "${target}" is not a file of the repository`;
  return undefined;
}

const markdownFiles = execFileSync("git", ["ls-files", "*.md"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);

describe("links of the repository's Markdown", () => {
  it("tells a link outside the repository or to a missing file from a good one (the check can fail)", () => {
    assert.deepEqual(linkTargets('See [design](../shared/design.md), [the codebook][cb], <a href="docs/report.md">x</a>, `[not](a-link.md)` and [web](https://example.org).\n\n[cb]: data/CODEBOOK.md\n'), [
      "../shared/design.md",
      "https://example.org",
      "data/CODEBOOK.md",
      "docs/report.md",
    ]);
    assert.match(badTarget("README.md", "../shared/design.md") ?? "", /outside the repository/);
    assert.match(badTarget("README.md", "docs/nothing.md") ?? "", /not a file/);
    assert.equal(badTarget("README.md", "data/CODEBOOK.md"), undefined);
    assert.equal(badTarget("docs/report.md", "../README.md#setup"), undefined);
    assert.equal(badTarget("README.md", "https://example.org/x"), undefined);
  });

  it("every committed Markdown file links only to absolute URLs or files inside the repository", () => {
    assert.ok(markdownFiles.includes("README.md"));
    const problems = markdownFiles.flatMap((file) => linkTargets(readFileSync(join(ROOT, file), "utf8")).map((t) => badTarget(file, t))).filter((p) => p !== undefined);
    assert.deepEqual(problems, []);
  });

  it("the README names in backticks only files that exist, besides those the kit writes when it runs", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const named = [...readme.matchAll(/`([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+\.[a-z]{1,5})`/g)].map((m) => m[1]);
    assert.ok(named.length > 5, `${named.length} paths named`);
    assert.deepEqual(named.filter((p) => !GENERATED.test(p) && !existsSync(join(ROOT, p))), []);
  });
});
