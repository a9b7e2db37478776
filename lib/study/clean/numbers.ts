/**
 * Reading a number printed in a yearbook table. Accepted: a plain decimal number ("1234.5", "-3", "1e3"),
 * and the same with thousands separators ("1,234.5" — a fix the audit records). An empty field is missing.
 * Anything else ("n.a.", "1.234,5", "12 345") is not a number: the caller raises a wrong-type error.
 *
 * Raw yearbook cells ({@link parseRawCell}) also accept the yearbooks' "no figure" markers — a dash or
 * an ellipsis ({@link MISSING_MARKERS}) — as missing, never as 0. Some yearbooks print "…" for "below
 * the table's smallest unit": the value is still unknown, so it is missing too.
 */

/** The parsed value, whether thousands separators were removed, or null for text that is not a number. */
export interface ParsedNumber {
  /** The number; NaN for a missing cell. */
  value: number;
  /** Thousands separators were removed. */
  separators: boolean;
  /** The missing marker the cell held (e.g. "—"); absent when the cell was a number or empty. */
  marker?: string;
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * The yearbooks' markers for "no figure", read as missing: one or more dashes — hyphen-minus "-", en
 * dash "–", em dash "—", horizontal bar "―", full-width hyphen-minus "－", minus sign "−" — or an
 * ellipsis "…", "……", "...". Surrounding spaces are ignored. Words ("无", "n.a.") are not markers: they
 * stay wrong-type errors, since "无" (none) may mean zero.
 */
export const MISSING_MARKERS = /^(?:[-\u2013\u2014\u2015\uff0d\u2212]+|\u2026+|\.{3,})$/;

/**
 * Parses one field; NaN for an empty field; null when the text is not a number.
 * @example parseNumber("1,234.5") // { value: 1234.5, separators: true }
 */
export function parseNumber(text: string): ParsedNumber | null {
  const s = text.trim();
  if (s === "") return { value: NaN, separators: false };
  if (PLAIN.test(s)) return { value: Number(s), separators: false };
  if (GROUPED.test(s)) return { value: Number(s.replace(/,/g, "")), separators: true };
  return null;
}

/**
 * Parses one cell of a raw yearbook file: {@link parseNumber}, plus a missing marker
 * ({@link MISSING_MARKERS}) read as NaN with the marker recorded.
 * @example parseRawCell(" — ") // { value: NaN, separators: false, marker: "—" }
 * @example parseRawCell("12.3万") // null (not a number: the caller raises a wrong-type error)
 */
export function parseRawCell(text: string): ParsedNumber | null {
  const s = text.trim();
  if (MISSING_MARKERS.test(s)) return { value: NaN, separators: false, marker: s };
  return parseNumber(text);
}
