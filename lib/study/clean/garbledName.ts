/**
 * A city name garbled by a wrong encoding somewhere before the cleaner: never "fixed" by its code, it
 * stops the load with an error pointing at the encoding. A printed name is garbled when it has
 *  - U+FFFD (a byte that did not decode) or "?" (a character a converter could not map), or
 *  - a character no city name has: anything but CJK ideographs, ASCII letters, digits, spaces, `()-.'`,
 *    full-width parentheses and middle dots — e.g. "åŒ—" or "±±¾©" (UTF-8 or GBK bytes read as Latin-1);
 *  - or it is mojibake of UTF-8 read as GBK: its characters' GBK bytes are valid UTF-8 that reads as
 *    other text ("鍖椾含甯" is 北京市 in UTF-8 read as GBK).
 * No name of the 287 cities is garbled by these rules (test/clean-reading.test.ts checks).
 */

/** Characters a printed city name may hold (see the module comment). */
const NAME_CHARS = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9 ()\-.'\uff08\uff09\u00b7\u30fb]*$/;

/**
 * Why a printed city name is garbled, in words, or null when it is not (rules in the module comment).
 * @example garbledNameReason("鍖椾含") // 'the name "鍖椾含" is UTF-8 text read as GBK (its bytes read as UTF-8 give "北京")'
 * @example garbledNameReason("北京市") // null
 */
export function garbledNameReason(name: string): string | null {
  if (name.includes("\uFFFD") || name.includes("?")) {
    return `the name "${name}" has ${name.includes("?") ? '"?"' : "U+FFFD"} where a character could not be decoded`;
  }
  if (!NAME_CHARS.test(name)) {
    const odd = Array.from(name).find((ch) => !NAME_CHARS.test(ch)) as string;
    const hex = (odd.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    return `the name "${name}" has "${odd}" (U+${hex}), a character no city name has`;
  }
  const readAsUtf8 = utf8Reading(name);
  return readAsUtf8 === null ? null : `the name "${name}" is UTF-8 text read as GBK (its bytes read as UTF-8 give "${readAsUtf8}")`;
}

/** Memo of {@link utf8Reading}: a file repeats a few hundred names tens of thousands of times. */
const readingMemo = new Map<string, string | null>();

/**
 * The text a name's GBK bytes make when read as UTF-8, if they are valid UTF-8 with some non-ASCII
 * character — the sign of UTF-8 read as GBK; null otherwise (or when a character is not in GBK).
 * @example utf8Reading("鍖椾含") // "北京"
 */
function utf8Reading(name: string): string | null {
  const memo = readingMemo.get(name);
  if (memo !== undefined) return memo;
  const bytes = encodeGbk(name);
  let reading: string | null = null;
  if (bytes !== null && bytes.some((b) => b >= 0x80)) {
    try {
      reading = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      reading = null;
    }
  }
  readingMemo.set(name, reading);
  return reading;
}

/** Character → its two GBK bytes, built once from Node's GBK decoder. */
let gbkTable: Map<string, number> | null = null;

/**
 * A string's GBK bytes (ASCII as itself, other characters as two bytes), or null when a character is
 * outside GBK's two-byte set. The table is built from Node's own decoder, pair by pair.
 * @example encodeGbk("北京") // Uint8Array [0xb1, 0xb1, 0xbe, 0xa9]
 */
export function encodeGbk(text: string): Uint8Array | null {
  const table = gbkTable ?? (gbkTable = buildGbkTable());
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = table.get(ch);
    if (pair === undefined) return null;
    out.push(pair >> 8, pair & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * Every two-byte GBK character (lead 81–FE, trail 40–FE except 7F) → lead·256 + trail.
 * @example buildGbkTable().get("北") // 0xb1b1
 */
function buildGbkTable(): Map<string, number> {
  const decoder = new TextDecoder("gbk", { fatal: true });
  const table = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, (lead << 8) | trail);
      } catch {
        // an unassigned pair
      }
    }
  }
  return table;
}
