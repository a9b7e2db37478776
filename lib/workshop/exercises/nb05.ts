/** Exercises of notebook 05. */
import type { Exercise } from "./types";

/** Notebook 05's exercises. */
export const NB05_EXERCISES: Exercise[] = [];
