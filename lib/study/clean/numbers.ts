/**
 * Reading a number printed in a yearbook table. Accepted: a plain decimal number ("1234.5", "-3", "1e3"),
 * and the same with thousands separators ("1,234.5" — a fix the audit records). An empty field is missing.
 * Anything else ("n.a.", "1.234,5", "12 345") is not a number: the caller raises a wrong-type error.
 */

/** The parsed value, whether thousands separators were removed, or null for text that is not a number. */
export interface ParsedNumber {
  value: number;
  separators: boolean;
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** Parses one field; NaN for an empty field; null when the text is not a number. */
export function parseNumber(text: string): ParsedNumber | null {
  const s = text.trim();
  if (s === "") return { value: NaN, separators: false };
  if (PLAIN.test(s)) return { value: Number(s), separators: false };
  if (GROUPED.test(s)) return { value: Number(s.replace(/,/g, "")), separators: true };
  return null;
}
