/** Exercises of notebook 02. */
import type { Exercise } from "./types";

/** Notebook 02's exercises. */
export const NB02_EXERCISES: Exercise[] = [];
