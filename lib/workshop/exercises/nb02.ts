/** Exercises of notebook 02 (variables, descriptive statistics, the Hu Huanyong line). */
import { OptionsError } from "../../errors";
import { formatFixed } from "../../report/format";
import { HU_LINE_HEIHE, HU_LINE_TENGCHONG, huLineDistanceDeg, isSouthEastOfHuLine } from "../../study/huLine";
import type { City } from "../../study/registry";
import { panelOf } from "./nb03";
import type { Exercise, ExerciseContext } from "./types";

/** The year whose mean robot penetration exercise 02.2 asks for. */
const MEAN_AI_YEAR = 2023;

/** The city of exercise 02.3: Yan'an (延安), northern Shaanxi. */
const YANAN_CODE = "610600";

/** The registry a check cell passed as `{ registry: registry }`. */
function registryOf(context: ExerciseContext): City[] {
  if (!Array.isArray(context.registry)) throw new OptionsError("This check needs the registry: write check(id, answer, { registry: registry }).");
  return context.registry as City[];
}

/** A numeric column of the panel in hand. */
function columnOf(context: ExerciseContext, name: string): ArrayLike<number> {
  return (panelOf(context) as unknown as Record<string, ArrayLike<number>>)[name];
}

/** The finite values of ai in a year (every year when `year` is undefined). */
function aiValues(context: ExerciseContext, year?: number): number[] {
  const ai = columnOf(context, "ai");
  const years = columnOf(context, "year");
  const out: number[] = [];
  for (let i = 0; i < ai.length; i++) if ((year === undefined || years[i] === year) && Number.isFinite(ai[i])) out.push(ai[i]);
  return out;
}

/** The sum, mean and sample SD of a list of numbers. */
function moments(x: number[]): { sum: number; mean: number; sd: number } {
  const sum = x.reduce((s, v) => s + v, 0);
  const mean = sum / x.length;
  return { sum, mean, sd: Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1)) };
}

/**
 * Whether a point lies on or below the straight segment from Tengchong to Heihe drawn on a
 * longitude/latitude map (extended beyond its ends) — the wrong rule exercise 02.3 is about.
 */
function southEastOfStraightSegment(lon: number, lat: number): boolean {
  const slope = (HU_LINE_HEIHE.lat - HU_LINE_TENGCHONG.lat) / (HU_LINE_HEIHE.lon - HU_LINE_TENGCHONG.lon);
  return lat <= HU_LINE_TENGCHONG.lat + slope * (lon - HU_LINE_TENGCHONG.lon);
}

/** The number of registry cities south-east of the Hu line by the great-circle rule. */
function southEastCount(context: ExerciseContext): number {
  return registryOf(context).filter((c) => isSouthEastOfHuLine(c.lon, c.lat)).length;
}

/** Yan'an's coordinates, its signed distance from the great circle (degrees of arc), and the straight segment's latitude at its longitude. */
function yananNumbers(context: ExerciseContext): Record<string, number> {
  const city = registryOf(context).find((c) => c.code === YANAN_CODE);
  if (!city) throw new OptionsError(`City ${YANAN_CODE} (Yan'an) is not in the registry passed to the check.`);
  const slope = (HU_LINE_HEIHE.lat - HU_LINE_TENGCHONG.lat) / (HU_LINE_HEIHE.lon - HU_LINE_TENGCHONG.lon);
  return { lon: city.lon, lat: city.lat, distanceDeg: huLineDistanceDeg(city.lon, city.lat), segmentLat: HU_LINE_TENGCHONG.lat + slope * (city.lon - HU_LINE_TENGCHONG.lon) };
}

/** Exercise 02.1: why the per-capita controls enter lagged. */
const LAGGED_CONTROLS: Exercise = {
  kind: "choice",
  id: "02.1",
  title: "why the per-capita controls enter at t − 1",
  answerName: "answer021",
  options: {
    a: {
      text: "Because yearbooks publish each year's figures a year late, so the values of year t are missing.",
      correct: false,
      feedback: "Data availability is not the reason: the yearbooks hold year t's figures, and the kit builds the controls from them. The reason is what a year-t value would contain.",
    },
    b: {
      text: "Because a per-capita control of year t is divided by the population of year t, which the outcome is made of: the outcome would sit on the right-hand side, and year t's shock would move the control (a bad control). At t − 1 the control is fixed before year t's shock and population change.",
      correct: true,
      feedback: "shrink_t = −(P_t − P_{t−1})/P_{t−1} × 100, so P_t = P_{t−1}(1 − shrink_t/100): GDP or students per resident of year t contain the outcome itself, and anything that drives people out in year t moves them too. Controls measured at t − 1 are predetermined: they cannot respond to year t's shock, nor to year t's robots.",
    },
    c: {
      text: "Because lagging makes the controls' own coefficients causal effects, which the paper reports.",
      correct: false,
      feedback: "Predetermined is not the same as causal: the controls are there to make the comparison of cities fairer, and their coefficients have no causal reading (they are not randomised, and they are correlated with much that is left out).",
    },
    d: {
      text: "Because the city fixed effects would absorb the current-year controls, so only lagged values can be estimated.",
      correct: false,
      feedback: "City fixed effects absorb only what is constant over time within a city; a control that changes from year to year, current or lagged, keeps its within-city variation.",
    },
  },
  hints: ["Write the outcome with P_t and P_{t−1}: which controls have P_t in them when measured in year t?", "A bad control is one the outcome (or the treatment) itself moves."],
  solution: 'const answer021 = "b"; // a year-t per-capita control is divided by P_t, part of the outcome: a bad control. At t − 1 it is predetermined.',
};

/** Exercise 02.2: the mean of ai in the last year. */
const MEAN_AI_LAST_YEAR: Exercise = {
  kind: "numeric",
  id: "02.2",
  title: `the mean robot penetration ai in ${MEAN_AI_YEAR}`,
  answerName: "ai2023",
  expected: (c) => moments(aiValues(c, MEAN_AI_YEAR)).mean,
  mistakes: [
    { value: (c) => moments(aiValues(c)).mean, feedback: `That is the mean over all years (the descriptive table's). Keep only the rows of ${MEAN_AI_YEAR} first: panel.ai.filter((_, i) => panel.year[i] === ${MEAN_AI_YEAR}).` },
    { value: (c) => moments(aiValues(c, MEAN_AI_YEAR)).sd, feedback: `That is the SD of ai in ${MEAN_AI_YEAR}, not its mean: read .mean, not .sd.` },
    { value: (c) => moments(aiValues(c, MEAN_AI_YEAR)).sum, feedback: `That is the sum over the cities of ${MEAN_AI_YEAR}: divide it by their number, or read .mean from describeVariables.` },
  ],
  fromObject: 'the mean of the summary: describeVariables(...)[0].mean',
  hints: [`Keep the values of ai whose row has year ${MEAN_AI_YEAR}: panel.ai.filter((_, i) => panel.year[i] === ${MEAN_AI_YEAR}).`, "describeVariables({ ai: values }, [\"ai\"])[0].mean gives their mean, as in the descriptive table."],
  solution: `const ai2023 = describeVariables({ ai: panel.ai.filter((_, i) => panel.year[i] === ${MEAN_AI_YEAR}) }, ["ai"])[0].mean;`,
  explanation: (c) => {
    const years = Array.from(columnOf(c, "year"));
    const first = Math.min(...years);
    const [last, start, all] = [moments(aiValues(c, MEAN_AI_YEAR)), moments(aiValues(c, first)), moments(aiValues(c))];
    return `The cities average ${formatFixed(last.mean, 3)} in ${MEAN_AI_YEAR} against ${formatFixed(start.mean, 3)} in ${first} and ${formatFixed(all.mean, 3)} over all years: the pooled mean and SD of the descriptive table mix levels from very different years.`;
  },
};

/** Exercise 02.3: which side of the Hu line Yan'an lies on, and why a straight line on the map misleads. */
const HU_LINE_SIDE: Exercise = {
  kind: "choice",
  id: "02.3",
  title: "which side of the Hu line Yan'an lies on",
  answerName: "answer023",
  options: {
    a: {
      text: "South-east: the line is a great circle, which on a longitude/latitude map bows north-west of the straight segment between its ends; Yan'an lies between the segment and the arc.",
      correct: true,
      feedback: "The kit's rule takes the sign of n̂ · u(city), n̂ the normal of the plane through Heihe, Tengchong and the Earth's centre. Drawn on a longitude/latitude map, that great circle arcs north-west of the straight chord, and Yan'an sits in the sliver between chord and arc (side(\"610600\") confirms it). A straight line on the map misplaces every city in that sliver.",
    },
    b: {
      text: "North-west: the straight segment from Tengchong to Heihe on the map is the line, and Yan'an lies above it.",
      correct: false,
      feedback: "The line is drawn on the sphere: the great circle through Heihe and Tengchong. On a longitude/latitude map a great circle is not a straight segment — it bows towards the pole, north-west of the chord between its ends — so cities just above the chord, such as Yan'an, Xi'an and Chengdu, are still south-east of the line.",
    },
    c: {
      text: "North-west, like Yulin, its neighbour to the north: the line follows the borders of provinces and regions, and northern Shaanxi lies beyond it.",
      correct: false,
      feedback: "The line is geometric and ignores borders: it cuts through Inner Mongolia, Shaanxi and Gansu, each with cities on both sides — in Shaanxi, Yulin is north-west of it and Yan'an south-east. Run side(\"610600\").",
    },
    d: {
      text: "It cannot be said: the side depends on the map projection.",
      correct: false,
      feedback: "Which side of a great circle a point lies on is a property of the sphere (the sign of n̂ · u), the same on every map. Only how the line looks when drawn depends on the projection — and drawn as a straight segment on a longitude/latitude map it is wrong.",
    },
  },
  numbers: yananNumbers,
  hints: ['side("610600") tells you the side. The question is why the straight segment disagrees.', "What does the shortest path between two points on a sphere look like on a longitude/latitude map?"],
  solution: `const answer023 = "a"; // south-east: the great circle bows north-west of the straight chord on a lon/lat map, and Yan'an lies between them.`,
};

/** Exercise 02.4: the number of cities south-east of the Hu line. */
const SOUTH_EAST_COUNT: Exercise = {
  kind: "numeric",
  id: "02.4",
  title: "the number of cities south-east of the Hu line",
  answerName: "nSouthEast",
  expected: southEastCount,
  mistakes: [
    { value: (c) => registryOf(c).length - southEastCount(c), feedback: "That is the number of cities north-west of the line: keep those for which isSouthEastOfHuLine is true." },
    { value: (c) => registryOf(c).filter((city) => southEastOfStraightSegment(city.lon, city.lat)).length, feedback: "That is what a straight segment on the longitude/latitude map gives: it misplaces the cities between the chord and the great circle (exercise 02.3). Use isSouthEastOfHuLine(c.lon, c.lat)." },
    { value: (c) => Array.from(columnOf(c, "hu_se")).filter((v) => v === 1).length, feedback: "That counts city-years (rows of the panel), not cities: count the cities of the registry." },
    { value: (c) => registryOf(c).length, feedback: "That is every city of the registry: keep only those south-east of the line (filter) before counting." },
  ],
  fromObject: "the length of the filtered array: registry.filter((c) => isSouthEastOfHuLine(c.lon, c.lat)).length",
  hints: ["The side helper above applies the great-circle rule to one city: apply it to every city of the registry.", "registry.filter((c) => isSouthEastOfHuLine(c.lon, c.lat)) keeps the south-east cities; count them with .length."],
  solution: "const nSouthEast = registry.filter((c) => isSouthEastOfHuLine(c.lon, c.lat)).length;",
  explanation: (c) => {
    const flagged = registryOf(c).filter((city) => city.hu_se === 1).length;
    const agreement = flagged === southEastCount(c) ? "agrees" : `disagrees (${flagged} flagged)`;
    return `${southEastCount(c)} of the ${registryOf(c).length} cities lie south-east of the line; the registry's flag hu_se, computed by the same rule, ${agreement}.`;
  },
};

/** Notebook 02's exercises. */
export const NB02_EXERCISES: Exercise[] = [LAGGED_CONTROLS, MEAN_AI_LAST_YEAR, HU_LINE_SIDE, SOUTH_EAST_COUNT];
