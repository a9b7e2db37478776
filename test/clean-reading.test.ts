/**
 * Reading raw files as a researcher's yearbook exports come: encodings (GBK/GB18030, a UTF-8 BOM,
 * UTF-16), garbled names, the yearbooks' missing markers, and the row-level errors — a file with no
 * data rows, a year outside the range built, a zero where the variable must be positive. Each bad input
 * is one committed raw file edited in one place; the error names the file, the line and the column.
 *
 * The GBK fixture is written without iconv: the two names it needs are given as their GB2312 bytes
 * (北 B1B1, 京 BEA9, 市 CAD0, 天 CCEC, 津 BDF2 — GB 2312-80's code table), checked against Node's decoder.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { DataFileError } from "../lib/study/clean/errors";
import { decodeRawFile, detectRawEncoding, type RawEncoding } from "../lib/study/clean/encoding";
import { garbledNameReason } from "../lib/study/clean/garbledName";
import { parseRawCell } from "../lib/study/clean/numbers";
import { RawStore } from "../lib/study/clean/store";
import { loadRegistry } from "../lib/study/registry";
import { RENAMES, MERGES } from "../lib/study/crosswalk";
import { tempDir } from "./helpers/tempDir";

const raw = path.resolve(__dirname, "..", "data", "raw");
const registry = loadRegistry();
const lines = (f: string): string[] => fs.readFileSync(path.join(raw, f), "utf8").split("\n");

/** GB2312 bytes of the two names of the fixture. */
const GB2312: Record<string, number[]> = { 北京市: [0xb1, 0xb1, 0xbe, 0xa9, 0xca, 0xd0], 天津市: [0xcc, 0xec, 0xbd, 0xf2, 0xca, 0xd0] };

/** The header and the rows of 北京 and 天津 of population_resident.csv, as UTF-8 text. */
function beijingTianjin(): string {
  const all = lines("population_resident.csv");
  return [all[0], ...all.filter((l) => l.startsWith("110000,") || l.startsWith("120000,"))].join("\n") + "\n";
}

/** Bytes from parts: text as UTF-8, arrays as the bytes they list. */
function bytesOf(...parts: (string | number[])[]): Buffer {
  return Buffer.from(parts.flatMap((p) => (typeof p === "string" ? Array.from(Buffer.from(p, "utf8")) : p)));
}

/** The text in GBK bytes: ASCII as is, the two names by their GB2312 bytes. */
function toGbk(text: string): Buffer {
  return bytesOf(...text.split(/(北京市|天津市)/).map((p) => GB2312[p] ?? p));
}

/** Writes `bytes` as `name` in a fresh folder and loads it into a store with the given encoding. */
function loadBytes(name: string, bytes: Buffer, encoding: RawEncoding = "utf-8"): RawStore {
  const file = path.join(tempDir("kit-reading-"), name);
  fs.writeFileSync(file, Uint8Array.from(bytes));
  const store = new RawStore(registry, { encoding });
  store.load(file);
  return store;
}

/** Runs `load`, expects a DataFileError of `kind` naming file, line and column, and returns it. */
function expectFileError(load: () => void, kind: string, file: string, line: number | null, column: string | null): DataFileError {
  let caught: unknown;
  try {
    load();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DataFileError, `expected a DataFileError, got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(caught.file.endsWith(file), caught.file);
  assert.equal(caught.line, line, caught.message);
  assert.equal(caught.column, column, caught.message);
  assert.ok(caught.message.startsWith(caught.file), caught.message);
  if (line !== null) assert.ok(caught.message.includes(`line ${line}`), caught.message);
  if (column !== null) assert.ok(caught.message.includes(`column "${column}"`), caught.message);
  return caught;
}

/** The rows of a loaded city-year file as plain records. */
function rowsOf(store: RawStore, name: string): Record<string, unknown>[] {
  return store.table(name).objects() as Record<string, unknown>[];
}

/** Loads `body` as `name` (text, UTF-8) into a fresh store; the label is my/<name>. */
function loadText(name: string, body: string): RawStore {
  const store = new RawStore(registry);
  store.loadText(name, body, `my/${name}`);
  return store;
}

/** The file with line `lineNo` (1-based) edited by `edit`. */
function edited(file: string, lineNo: number, edit: (line: string) => string): string {
  const rows = lines(file);
  rows[lineNo - 1] = edit(rows[lineNo - 1]);
  return rows.join("\n");
}

test("the fixture's GB2312 bytes decode to the names they stand for", () => {
  for (const [name, bytes] of Object.entries(GB2312)) assert.equal(new TextDecoder("gb18030").decode(Uint8Array.from(bytes)), name);
});

test("a GBK file read as UTF-8 (the default) is a wrong-encoding error at the first Chinese name, telling to pass --encoding gb18030", () => {
  const e = expectFileError(() => loadBytes("population_resident.csv", toGbk(beijingTianjin())), "wrong_encoding", "population_resident.csv", 2, "city");
  assert.match(e.message, /--encoding gb18030/);
  assert.match(e.message, /iconv -f GB18030 -t UTF-8/);
});

test("a GBK file read with encoding gb18030 gives the same rows as its UTF-8 original, names unchanged", () => {
  const utf8 = loadBytes("population_resident.csv", Buffer.from(beijingTianjin(), "utf8")).table("population_resident.csv").objects() as Record<string, unknown>[];
  const gbk = loadBytes("population_resident.csv", toGbk(beijingTianjin()), "gb18030").table("population_resident.csv").objects() as Record<string, unknown>[];
  assert.deepEqual(gbk, utf8);
  assert.equal(utf8.length, 48);
  assert.ok(gbk.every((r) => r.status === "kept"), "no row is 'fixed' by its code");
});

test("encoding auto reads a GBK file of GB2312 names as GB18030 and a UTF-8 file as UTF-8", () => {
  const gbk = loadBytes("population_resident.csv", toGbk(beijingTianjin()), "auto").table("population_resident.csv").objects() as Record<string, unknown>[];
  const utf8 = loadBytes("population_resident.csv", Buffer.from(beijingTianjin(), "utf8"), "auto").table("population_resident.csv").objects() as Record<string, unknown>[];
  assert.deepEqual(gbk, utf8);
});

test("detection is certain only for a BOM, valid UTF-8, or GB2312-area pairs", () => {
  assert.equal(detectRawEncoding(Buffer.from("code,city\n110000,北京市\n", "utf8")), "utf-8");
  assert.equal(detectRawEncoding(toGbk("110000,北京市\n")), "gb18030");
  assert.equal(detectRawEncoding(Buffer.from([0x84, 0x31, 0x95, 0x33, 0x61])), "gb18030");
  // Latin-1 "Ürüm": valid GBK (躵黰) but GBK-extension pairs, so not certain
  assert.equal(detectRawEncoding(Buffer.from([0xdc, 0x72, 0xfc, 0x6d])), null);
});

test("encoding auto on bytes it cannot be certain of is an error naming line and column, saying how to convert", () => {
  const body = bytesOf("code,city,year,resident_pop_10k,edition\n110000,", [0xdc, 0x72, 0xfc, 0x6d], ",2000,1404.55,2001\n");
  const e = expectFileError(() => loadBytes("population_resident.csv", body, "auto"), "wrong_encoding", "population_resident.csv", 2, "city");
  assert.match(e.message, /cannot be detected with certainty/);
});

test("a UTF-8 file read with encoding gb18030 is refused rather than garbled", () => {
  const e = expectFileError(() => loadBytes("population_resident.csv", Buffer.from(beijingTianjin(), "utf8"), "gb18030"), "wrong_encoding", "population_resident.csv", null, null);
  assert.match(e.message, /Drop --encoding gb18030/);
});

test("a UTF-8 byte-order mark is dropped: the header's first column is still code", () => {
  const body = bytesOf([0xef, 0xbb, 0xbf], beijingTianjin());
  const rows = loadBytes("population_resident.csv", body).table("population_resident.csv").objects() as Record<string, unknown>[];
  assert.equal(rows.length, 48);
  assert.equal(rows[0].code, "110000");
  assert.equal(decodeRawFile(body, "x.csv", "utf-8").slice(0, 4), "code");
  assert.throws(() => decodeRawFile(body, "x.csv", "gb18030"), /UTF-8 byte-order mark/);
});

test("a UTF-16 file (Excel's 'Unicode text') is a wrong-encoding error saying how to save it", () => {
  const body = bytesOf([0xff, 0xfe], Array.from(Buffer.from(beijingTianjin(), "utf16le")));
  const e = expectFileError(() => loadBytes("population_resident.csv", body), "wrong_encoding", "population_resident.csv", null, null);
  assert.match(e.message, /CSV UTF-8/);
});

test("a name with U+FFFD is a garbled-name error at its line, never repaired by the code", () => {
  const body = edited("population_resident.csv", 5, (l) => l.replace("北京市", "\uFFFD\uFFFD\uFFFD"));
  const e = expectFileError(() => loadText("population_resident.csv", body), "garbled_name", "population_resident.csv", 5, "city");
  assert.match(e.message, /--encoding gb18030/);
});

test("a name that is UTF-8 read as GBK (鍖椾含 for 北京) is a garbled-name error that shows the name it was", () => {
  const mojibake = new TextDecoder("gbk").decode(Buffer.from("北京", "utf8"));
  const body = edited("population_resident.csv", 6, (l) => l.replace("北京市", mojibake));
  const e = expectFileError(() => loadText("population_resident.csv", body), "garbled_name", "population_resident.csv", 6, "city");
  assert.match(e.message, /"北京"/);
});

test("a name that is GBK bytes read as Latin-1 (±±¾©ÊÐ) is a garbled-name error naming the odd character", () => {
  const body = edited("population_resident.csv", 7, (l) => l.replace("北京市", Buffer.from(GB2312["北京市"]).toString("latin1")));
  const e = expectFileError(() => loadText("population_resident.csv", body), "garbled_name", "population_resident.csv", 7, "city");
  assert.match(e.message, /U\+00B1/);
});

test("no name of the registry, the renames or the merged unit counts as garbled", () => {
  const names = [...registry.map((c) => c.name_zh), ...RENAMES.map((r) => r.oldName), ...MERGES.map((m) => m.name)];
  assert.equal(names.length, 287 + RENAMES.length + MERGES.length);
  assert.deepEqual(names.filter((n) => garbledNameReason(n) !== null), []);
});

test("a garbled name in the base-year employment file is a garbled-name error", () => {
  const body = edited("industry_employment_2006.csv", 3, (l) => l.replace("北京市", "北京?"));
  expectFileError(() => loadText("industry_employment_2006.csv", body), "garbled_name", "industry_employment_2006.csv", 3, "city");
});

test("each yearbook missing marker reads as missing (NaN, never 0) and is recorded as a fix", () => {
  for (const marker of ["-", "—", "－", "…", "...", "——", "……", " – "]) {
    assert.ok(Number.isNaN(parseRawCell(marker)?.value), marker);
    const body = edited("public_finance.csv", 10, (l) => l.replace(/,([0-9.]+),(\d{4})$/, `,${marker},$2`));
    const row = rowsOf(loadText("public_finance.csv", body), "public_finance.csv").find((r) => r.line === 10) as Record<string, unknown>;
    assert.ok(Number.isNaN(row.fiscal_expenditure_100m_yuan as number), marker);
    assert.equal(row.status, "fixed", marker);
  }
  assert.equal(parseRawCell("--1"), null, "a dash before a number is not a marker");
  assert.equal(parseRawCell("n.a."), null, "words are not markers");
});

test("a header-only city-year file is a no-data-rows error on line 1", () => {
  const e = expectFileError(() => loadText("population_resident.csv", lines("population_resident.csv")[0] + "\n"), "no_data_rows", "population_resident.csv", 1, null);
  assert.match(e.message, /no data rows/);
});

test("a header-only national file is a no-data-rows error on line 1", () => {
  expectFileError(() => loadText("price_deflators.csv", "year,gdp_deflator_2007_100\n"), "no_data_rows", "price_deflators.csv", 1, null);
});

test("a typo year (2013 → 2103) is a year-out-of-range error, not a dropped row", () => {
  const at = lines("population_resident.csv").findIndex((l) => l.startsWith("440100,") && l.split(",")[2] === "2013") + 1;
  const body = edited("population_resident.csv", at, (l) => l.replace(",2013,", ",2103,"));
  const e = expectFileError(() => loadText("population_resident.csv", body), "year_out_of_range", "population_resident.csv", at, "year");
  assert.match(e.message, /2103 is outside 2000–2023/);
});

test("a zero population is an impossible value (0 for missing), at its line and column", () => {
  const body = edited("population_resident.csv", 8, (l) => l.replace(/,([0-9.]+),(\d{4})$/, ",0,$2"));
  const e = expectFileError(() => loadText("population_resident.csv", body), "impossible_value", "population_resident.csv", 8, "resident_pop_10k");
  assert.match(e.message, /must be positive/);
});

test("a zero GDP and a zero land area are impossible values", () => {
  const gdp = edited("economy.csv", 12, (l) => l.replace(/^(\d{6},[^,]+,\d{4}),[0-9.]+,/, "$1,0.00,"));
  expectFileError(() => loadText("economy.csv", gdp), "impossible_value", "economy.csv", 12, "gdp_100m_yuan");
  const land = edited("education_roads.csv", 9, (l) => l.replace(/,(\d+),(\d{4})$/, ",0,$2"));
  expectFileError(() => loadText("education_roads.csv", land), "impossible_value", "education_roads.csv", 9, "land_area_km2");
});

test("a zero count (AI enterprises) and a negative natural growth rate are accepted", () => {
  const firms = edited("enterprises.csv", 4, (l) => l.replace(/,(\d+),(\d{4})$/, ",0,$2"));
  const row = rowsOf(loadText("enterprises.csv", firms), "enterprises.csv").find((r) => r.line === 4) as Record<string, unknown>;
  assert.equal(row.ai_enterprises, 0);
  const growth = edited("population_registered.csv", 4, (l) => l.replace(/,([0-9.]+),(\d{4})$/, ",-1.50,$2"));
  const row2 = rowsOf(loadText("population_registered.csv", growth), "population_registered.csv").find((r) => r.line === 4) as Record<string, unknown>;
  assert.equal(row2.natural_growth_permille, -1.5);
});

test("a zero deflator, a zero exchange rate and a zero US employment are impossible values", () => {
  expectFileError(() => loadText("price_deflators.csv", edited("price_deflators.csv", 5, (l) => l.replace(/,.*$/, ",0"))), "impossible_value", "price_deflators.csv", 5, "gdp_deflator_2007_100");
  expectFileError(() => loadText("exchange_rates.csv", edited("exchange_rates.csv", 6, (l) => l.replace(/,.*$/, ",0"))), "impossible_value", "exchange_rates.csv", 6, "cny_per_usd");
  expectFileError(() => loadText("us_employment_2006.csv", edited("us_employment_2006.csv", 3, (l) => l.replace(/,\d+$/, ",0"))), "impossible_value", "us_employment_2006.csv", 3, "employment");
});

test("a city's total base-year employment of 0 is an impossible value; one industry at 0 is accepted", () => {
  expectFileError(() => loadText("industry_employment_2006.csv", edited("industry_employment_2006.csv", 14, (l) => l.replace(/,\d+$/, ",0"))), "impossible_value", "industry_employment_2006.csv", 14, "employment");
  assert.doesNotThrow(() => loadText("industry_employment_2006.csv", edited("industry_employment_2006.csv", 3, (l) => l.replace(/,\d+$/, ",0"))));
});

test("a missing marker in a national series is a missing-value error (these tables have no gaps)", () => {
  const e = expectFileError(() => loadText("exchange_rates.csv", edited("exchange_rates.csv", 7, (l) => l.replace(/,.*$/, ",—"))), "missing_value", "exchange_rates.csv", 7, "cny_per_usd");
  assert.match(e.message, /"—"/);
});

test("a national year that is not a four-digit year is a wrong-type error", () => {
  expectFileError(() => loadText("price_deflators.csv", edited("price_deflators.csv", 4, (l) => l.replace(/^(\d{4})/, "$1.5"))), "wrong_type", "price_deflators.csv", 4, "year");
});
