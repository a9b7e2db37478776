/**
 * The text of a raw file from its bytes. Yearbook exports are often GBK/GB18030, not UTF-8; the
 * cleaner must never read them as UTF-8 and "repair" the garbled names by their codes.
 *
 * Detection ("auto") is *certain*, and decodes, in exactly these cases:
 *  - a byte-order mark: EF BB BF is UTF-8, 84 31 95 33 is GB18030;
 *  - the bytes are valid UTF-8 (plain ASCII included): UTF-8;
 *  - the bytes are not valid UTF-8, and every non-ASCII byte belongs to a two-byte character of the
 *    GB2312 area (lead byte A1–F7, trail byte A1–FE — simplified Chinese, where every name of the
 *    287 cities lies), with at least one such character: GB18030.
 * Anything else (GBK-extension or four-byte characters, Big5, Latin-1, UTF-16) is not certain: an error
 * says how to convert. A GBK export of Latin-1 or Big5 text can in rare cases pass the third test; the
 * city names are then checked again, row by row (garbledName.ts).
 */
import { DataFileError } from "./errors";

/** How to decode a raw file: UTF-8 (the default), GB18030 (a superset of GBK and GB2312), or detect. */
export type RawEncoding = "utf-8" | "gb18030" | "auto";

/** The command that converts a GBK/GB18030 file to UTF-8, quoted in messages. */
const ICONV = "iconv -f GB18030 -t UTF-8 in.csv > out.csv";

/**
 * Decodes a raw file's bytes in the encoding asked for, or the one {@link detectRawEncoding} is
 * certain of under "auto". A UTF-8 or GB18030 byte-order mark is removed.
 * @param label the file's path, for messages
 * @throws DataFileError ("wrong_encoding") naming the line and column of the first byte that is not
 *   valid in the encoding; for a file that is UTF-16, valid UTF-8 read as GB18030, or not certain
 *   under "auto" — each message says which option to pass or how to convert.
 * @example decodeRawFile(Buffer.from([0xb1, 0xb1, 0xbe, 0xa9, 0xca, 0xd0]), "a.csv", "auto") // "北京市"
 */
export function decodeRawFile(bytes: Buffer, label: string, encoding: RawEncoding = "utf-8"): string {
  refuseUtf16(bytes, label);
  if (encoding === "auto") {
    const detected = detectRawEncoding(bytes);
    if (detected === null) {
      throw new DataFileError("wrong_encoding", label, ...firstBadPlace(bytes, "utf-8"), "is neither UTF-8 nor GB2312-range Chinese text, so its encoding cannot be detected with certainty.", `Find out its encoding and convert it to UTF-8 (for a GBK/GB18030 export: ${ICONV}), or pass --encoding gb18030 if it is GB18030.`);
    }
    return decodeRawFile(bytes, label, detected);
  }
  if (encoding === "gb18030" && hasUtf8Bom(bytes)) {
    throw new DataFileError("wrong_encoding", label, 1, null, "starts with a UTF-8 byte-order mark, but --encoding gb18030 was asked for.", "Drop --encoding gb18030 (the file is UTF-8).");
  }
  if (encoding === "gb18030" && isUtf8(bytes) && !isAscii(bytes)) {
    throw new DataFileError("wrong_encoding", label, null, null, "is valid UTF-8 with Chinese text; read as GB18030, as asked, every name would be garbled.", "Drop --encoding gb18030 (or use --encoding auto): the file is UTF-8.");
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const todo =
      encoding === "utf-8" && detectRawEncoding(bytes) === "gb18030"
        ? `It looks like GBK/GB18030, the usual encoding of Chinese yearbook exports: pass --encoding gb18030 (encoding: "gb18030"), or convert it with ${ICONV}.`
        : `Convert it to UTF-8 (for a GBK/GB18030 export: ${ICONV}); --encoding utf-8 and --encoding gb18030 are accepted.`;
    throw new DataFileError("wrong_encoding", label, ...firstBadPlace(bytes, encoding), `is not valid ${encoding.toUpperCase()} (the first bad byte is here).`, todo);
  }
}

/**
 * The encoding of a raw file when it is certain (see the module comment), else null.
 * @example detectRawEncoding(Buffer.from("code,city\n110000,北京市\n")) // "utf-8"
 */
export function detectRawEncoding(bytes: Buffer): "utf-8" | "gb18030" | null {
  if (hasUtf8Bom(bytes)) return "utf-8";
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) return "gb18030";
  if (bytes.includes(0)) return null;
  if (isUtf8(bytes)) return "utf-8";
  return isGb2312Text(bytes) ? "gb18030" : null;
}

/**
 * True when every non-ASCII byte is part of a two-byte GB2312 character (lead A1–F7, trail A1–FE) and
 * there is at least one, and the bytes decode as GB18030.
 * @example isGb2312Text(Buffer.from([0x61, 0xb1, 0xb1])) // true ("a北")
 */
function isGb2312Text(bytes: Buffer): boolean {
  let pairs = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const trail = bytes[i + 1];
    if (b < 0xa1 || b > 0xf7 || trail === undefined || trail < 0xa1 || trail > 0xfe) return false;
    pairs += 1;
    i += 1;
  }
  if (pairs === 0) return false;
  try {
    new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses UTF-16 text (Excel's "Unicode text"): a UTF-16 byte-order mark or NUL bytes.
 * @throws DataFileError ("wrong_encoding") saying how to save the file as UTF-8.
 * @example refuseUtf16(Buffer.from([0xff, 0xfe, 0x63, 0x00]), "a.csv") // throws
 */
function refuseUtf16(bytes: Buffer, label: string): void {
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (bom16 || bytes.includes(0)) {
    throw new DataFileError("wrong_encoding", label, null, null, "is UTF-16 (or binary), not a text CSV in UTF-8 or GB18030.", "Save it from the spreadsheet as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8 in.csv > out.csv.");
  }
}

/** True when the bytes start with the UTF-8 byte-order mark EF BB BF. */
function hasUtf8Bom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** True when the bytes are valid UTF-8. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when every byte is ASCII (the text reads the same in UTF-8 and GB18030). */
function isAscii(bytes: Buffer): boolean {
  return bytes.every((b) => b < 0x80);
}

/**
 * The 1-based line and the header name of the column holding the first character that does not decode
 * (U+FFFD in a lenient decoding), as DataFileError arguments; [null, null] when none is found.
 * @example firstBadPlace(Buffer.from("code,city\n110000,\xb1\xb1\n", "latin1"), "utf-8") // [2, "city"]
 */
function firstBadPlace(bytes: Buffer, encoding: "utf-8" | "gb18030"): [number | null, string | null] {
  const text = new TextDecoder(encoding).decode(bytes);
  const at = text.indexOf("\uFFFD");
  if (at < 0) return [null, null];
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const header = text.slice(0, text.search(/\r?\n|$/)).split(",");
  const field = before.slice(lineStart).split(",").length - 1;
  return [line, line === 1 ? null : header[field] ?? null];
}
