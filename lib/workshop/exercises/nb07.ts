/** Exercises of notebook 07. */
import type { Exercise } from "./types";

/** Notebook 07's exercises. */
export const NB07_EXERCISES: Exercise[] = [];
