/** Exercises of notebook 06. */
import type { Exercise } from "./types";

/** Notebook 06's exercises. */
export const NB06_EXERCISES: Exercise[] = [];
