/**
 * The shape of a codebook: what the report layer needs to know of each variable to label it in
 * tables and figures and to name it in sentences, in English and Chinese.
 */

/** The language of labels and sentences. */
export type Lang = "en" | "zh";

/** A text in both languages. */
export interface Bilingual {
  /** The English text. */
  en: string;
  /** The Chinese text. */
  zh: string;
}

/** The role a variable plays in the study's design. */
export type VariableRole =
  | "key"
  | "outcome"
  | "alternative outcome"
  | "core regressor"
  | "alternative regressor"
  | "instrument"
  | "control"
  | "mechanism"
  | "group";

/** One codebook entry. */
export interface VariableInfo {
  /** The variable's role, which groups it in the definition table. */
  role: VariableRole;
  /** Short label for table rows and axes. */
  label: Bilingual;
  /** How the variable is built. */
  definition: Bilingual;
  /** The concept the variable measures, for sentences ("AI development"). */
  concept?: Bilingual;
  /** The measure itself, for sentences ("robot penetration", "the shrinkage rate"). */
  measure?: Bilingual;
  /** Unit of a change in the variable, for sentences ("percentage points"). */
  unit?: Bilingual;
  /** Labels of the levels of a 0/1 group flag. */
  levels?: Record<string, Bilingual>;
  /** The cities of each level as a sentence names them ("shrinking cities"). */
  groupPhrases?: Record<string, Bilingual>;
}

/** A codebook: variable name → its labels, definition and sentence words. */
export type Codebook = Readonly<Record<string, VariableInfo>>;
