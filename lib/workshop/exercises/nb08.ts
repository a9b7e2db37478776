/** Exercises of notebook 08. */
import type { Exercise } from "./types";

/** Notebook 08's exercises. */
export const NB08_EXERCISES: Exercise[] = [];
