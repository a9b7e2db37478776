/**
 * The shape of a workshop exercise. The expected answer is computed here, in the workshop layer,
 * from the data the participant has in hand (so a check also works when the notebooks run on real
 * data) and is never written into the notebook: the student edition keeps only the prompt and the
 * check call. Wrong answers get feedback specific to the mistake; hints come on request; the
 * solution is shown only through `showMe`, which an instructor can turn off.
 */

/** What a check cell passes besides the answer: the data and results in hand, by name. */
export type ExerciseContext = Record<string, unknown>;

/** A wrong answer the exercise anticipates, recognised by its value, with what to say about it. */
export interface AnticipatedMistake {
  /** The value this mistake produces, from the same data (e.g. the SE clustered by city instead of province). */
  value: (context: ExerciseContext) => number;
  /** What the participant did, and what to do instead. */
  feedback: string;
}

/** An exercise answered by a number (an estimate, an SE, a count). */
export interface NumericExercise {
  /** The kind of answer. */
  kind: "numeric";
  /** Exercise id: the notebook's number and the exercise's, e.g. "03.2". */
  id: string;
  /** One line saying what is asked. */
  title: string;
  /** The variable the participant stores the answer in (named in the prompt and the student's stub). */
  answerName: string;
  /** The correct value, computed from the context. */
  expected: (context: ExerciseContext) => number;
  /** Relative tolerance: correct when |answer − expected| ≤ tolerance · max(1, |expected|) (default 1e-6). */
  tolerance?: number;
  /** Anticipated mistakes, tried in order when the answer is wrong. */
  mistakes?: AnticipatedMistake[];
  /** When the answer is an object (a fit, a result) rather than a number: how to get the number from it. */
  fromObject?: string;
  /** Hints, shown one at a time by `hint(id)`. */
  hints: string[];
  /** The solution, shown by `showMe(id)` unless the instructor turned it off. */
  solution: string;
  /**
   * Set for an exercise whose premise is the simulation's truth: what it asks about it (e.g. "it asks
   * about the simulation's true effects"). On real data (KIT_PANEL) `check` then skips it with one line.
   */
  needsTruth?: string;
  /** Why the answer is what it is, shown with a correct answer; a function when it quotes numbers from the data. */
  explanation?: string | ((context: ExerciseContext) => string);
}

/** One option of a multiple-choice exercise. */
export interface ChoiceOption {
  /** The option's text. */
  text: string;
  /** Whether it is the right answer. */
  correct: boolean;
  /** Why it is right or wrong: shown when the participant picks it. */
  feedback: string;
}

/** A conceptual exercise answered by choosing an option ("a", "b", …). */
export interface ChoiceExercise {
  /** The kind of answer. */
  kind: "choice";
  /** Exercise id, e.g. "04.3". */
  id: string;
  /** The question. */
  title: string;
  /** The variable the participant stores the chosen letter in. */
  answerName: string;
  /** The options by letter. */
  options: Record<string, ChoiceOption>;
  /** Numbers the answer is about, computed from the context (e.g. the KP F), shown with the verdict. */
  numbers?: (context: ExerciseContext) => Record<string, number>;
  /** Hints, shown one at a time by `hint(id)`. */
  hints: string[];
  /** The solution with its reasoning, shown by `showMe(id)`. */
  solution: string;
  /**
   * Set for an exercise whose premise is the simulation's truth: what it asks about it (e.g. "it asks
   * about the simulation's true effects"). On real data (KIT_PANEL) `check` then skips it with one line.
   */
  needsTruth?: string;
}

/** Any workshop exercise. */
export type Exercise = NumericExercise | ChoiceExercise;

/** The outcome of a check, as the grader reads it from the cell's output. */
export type CheckStatus = "correct" | "wrong" | "unattempted";
