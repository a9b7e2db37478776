/**
 * Every exercise of the workshop, by id ("03.2" = notebook 03, exercise 2). One file per notebook
 * holds its exercises and computes their expected answers from the data in hand.
 */
import { NB01_EXERCISES } from "./nb01";
import { NB02_EXERCISES } from "./nb02";
import { NB03_EXERCISES } from "./nb03";
import { NB04_EXERCISES } from "./nb04";
import { NB05_EXERCISES } from "./nb05";
import { NB06_EXERCISES } from "./nb06";
import { NB07_EXERCISES } from "./nb07";
import { NB08_EXERCISES } from "./nb08";
import type { Exercise } from "./types";

/** Every exercise, in notebook order. */
export const EXERCISE_LIST: readonly Exercise[] = Object.freeze([
  ...NB01_EXERCISES,
  ...NB02_EXERCISES,
  ...NB03_EXERCISES,
  ...NB04_EXERCISES,
  ...NB05_EXERCISES,
  ...NB06_EXERCISES,
  ...NB07_EXERCISES,
  ...NB08_EXERCISES,
]);

/** The exercises by id. */
export const EXERCISES: Readonly<Record<string, Exercise>> = Object.freeze(Object.fromEntries(EXERCISE_LIST.map((ex) => [ex.id, ex])));
