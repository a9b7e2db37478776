/** Exercises of notebook 04. */
import type { Exercise } from "./types";

/** Notebook 04's exercises. */
export const NB04_EXERCISES: Exercise[] = [];
