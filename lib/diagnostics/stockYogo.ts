/**
 * Stock & Yogo (2005) critical values for the weak-instrument test.
 *
 * Source: Stock, J.H., Yogo, M. (2005), "Testing for Weak Instruments in Linear IV
 * Regression", in D.W.K. Andrews and J.H. Stock (eds), Identification and Inference for
 * Econometric Models:
 *  - Table 5.1: 2SLS maximal relative bias 5 %, 10 %, 20 %, 30 % (relative to OLS),
 *    nEndog = 1..3, K2 = nExcluded = 3..30 (defined only for K2 >= nEndog + 2);
 *  - Table 5.2: 2SLS Wald-test maximal size 10 %, 15 %, 20 %, 25 % (nominal 5 % test),
 *    nEndog = 1..2, K2 = 1..30;
 *  - the LIML maximal-size table of the same chapter (10 %, 15 %, 20 %, 25 %, nEndog = 1..2,
 *    K2 = 1..30), exported separately below.
 * All are critical values for the Cragg-Donald F statistic at the 5 % significance level
 * (homoskedastic errors). ivreg2 and ivreghdfe print them beside the Kleibergen-Paap rk
 * Wald F as well, which is common practice but not covered by Stock and Yogo's theory.
 *
 * Where the numbers were read (no value is typed from memory):
 *  - primary: the s_cdsy() tables of Baum, Schaffer & Stillman's livreg2 Mata library
 *    (the code ivreg2 uses to print these tables), as shipped inside the SSC file
 *    ivreg210.ado (ivreg2 3.1.10, livreg2 1.1.07), read in the public repository
 *    omercadopopular/cgoes, path
 *    dynamic-adjustment-trade-shocks/eu-tariffs/levchenko-replication/code/ado/plus/i/ivreg210.ado
 *    (strings s_ivbias5..30, s_ivsize10..25, s_limlsize10..25; rows are K2 = 1, 2, ...,
 *    columns nEndog = 1, 2, 3);
 *  - second copy: restatr/ivreg2r, data-raw/stock-yogo-tables.R (an independent
 *    transcription of the same livreg2 tables into R matrices sy_ivbias5..sy_limlsize25).
 * Rows K2 = 1..30 of all twelve tables were transcribed from both copies separately and
 * compared programmatically: they agree to the last digit. The livreg2 tables continue to
 * K2 = 100; this module keeps the range of Tables 5.1 and 5.2 (K2 <= 30) and returns
 * undefined outside it.
 */

/** Critical values for the 2SLS Wald test of nominal size 5 %, by maximal true size. */
export interface StockYogoSize {
  /** The F above which a nominal 5 % Wald test has true size at most 10 %. */
  "10%": number;
  /** … at most 15 %. */
  "15%": number;
  /** … at most 20 %. */
  "20%": number;
  /** … at most 25 %. */
  "25%": number;
}

/** Critical values by maximal 2SLS bias relative to OLS. */
export interface StockYogoBias {
  /** The F above which the 2SLS bias is at most 5 % of OLS's. */
  "5%": number;
  /** … at most 10 %. */
  "10%": number;
  /** … at most 20 %. */
  "20%": number;
  /** … at most 30 %. */
  "30%": number;
}

/** Stock & Yogo (2005) critical values for the Cragg–Donald F, by maximal size and by maximal relative bias. */
export interface StockYogoCriticalValues {
  /** Table 5.2 (2SLS size); undefined when not tabulated (nEndog > 2, nExcluded < nEndog or > 30). */
  size: StockYogoSize | undefined;
  /** Table 5.1 (2SLS relative bias); undefined when not tabulated (nEndog > 3, nExcluded < nEndog + 2 or > 30). */
  bias: StockYogoBias | undefined;
}

/** Largest number of excluded instruments in the published tables. */
export const STOCK_YOGO_MAX_EXCLUDED = 30;

type Quad = readonly [number, number, number, number];

const BIAS: ReadonlyArray<ReadonlyArray<Quad | null>> = [
  // nEndog = 1; columns 5%, 10%, 20%, 30% maximal relative bias
  [
    null, // K2 = 1
    null, // K2 = 2
    [13.91, 9.08, 6.46, 5.39], // K2 = 3
    [16.85, 10.27, 6.71, 5.34], // K2 = 4
    [18.37, 10.83, 6.77, 5.25], // K2 = 5
    [19.28, 11.12, 6.76, 5.15], // K2 = 6
    [19.86, 11.29, 6.73, 5.07], // K2 = 7
    [20.25, 11.39, 6.69, 4.99], // K2 = 8
    [20.53, 11.46, 6.65, 4.92], // K2 = 9
    [20.74, 11.49, 6.61, 4.86], // K2 = 10
    [20.90, 11.51, 6.56, 4.80], // K2 = 11
    [21.01, 11.52, 6.53, 4.75], // K2 = 12
    [21.10, 11.52, 6.49, 4.71], // K2 = 13
    [21.18, 11.52, 6.45, 4.67], // K2 = 14
    [21.23, 11.51, 6.42, 4.63], // K2 = 15
    [21.28, 11.50, 6.39, 4.59], // K2 = 16
    [21.31, 11.49, 6.36, 4.56], // K2 = 17
    [21.34, 11.48, 6.33, 4.53], // K2 = 18
    [21.36, 11.46, 6.31, 4.51], // K2 = 19
    [21.38, 11.45, 6.28, 4.48], // K2 = 20
    [21.39, 11.44, 6.26, 4.46], // K2 = 21
    [21.40, 11.42, 6.24, 4.43], // K2 = 22
    [21.41, 11.41, 6.22, 4.41], // K2 = 23
    [21.41, 11.40, 6.20, 4.39], // K2 = 24
    [21.42, 11.38, 6.18, 4.37], // K2 = 25
    [21.42, 11.37, 6.16, 4.35], // K2 = 26
    [21.42, 11.36, 6.14, 4.34], // K2 = 27
    [21.42, 11.34, 6.13, 4.32], // K2 = 28
    [21.42, 11.33, 6.11, 4.31], // K2 = 29
    [21.42, 11.32, 6.09, 4.29], // K2 = 30
  ],
  // nEndog = 2; columns 5%, 10%, 20%, 30% maximal relative bias
  [
    null, // K2 = 1
    null, // K2 = 2
    null, // K2 = 3
    [11.04, 7.56, 5.57, 4.73], // K2 = 4
    [13.97, 8.78, 5.91, 4.79], // K2 = 5
    [15.72, 9.48, 6.08, 4.78], // K2 = 6
    [16.88, 9.92, 6.16, 4.76], // K2 = 7
    [17.70, 10.22, 6.20, 4.73], // K2 = 8
    [18.30, 10.43, 6.22, 4.69], // K2 = 9
    [18.76, 10.58, 6.23, 4.66], // K2 = 10
    [19.12, 10.69, 6.23, 4.62], // K2 = 11
    [19.40, 10.78, 6.22, 4.59], // K2 = 12
    [19.64, 10.84, 6.21, 4.56], // K2 = 13
    [19.83, 10.89, 6.20, 4.53], // K2 = 14
    [19.98, 10.93, 6.19, 4.50], // K2 = 15
    [20.12, 10.96, 6.17, 4.48], // K2 = 16
    [20.23, 10.99, 6.16, 4.45], // K2 = 17
    [20.33, 11.00, 6.14, 4.43], // K2 = 18
    [20.41, 11.02, 6.13, 4.41], // K2 = 19
    [20.48, 11.03, 6.11, 4.39], // K2 = 20
    [20.54, 11.04, 6.10, 4.37], // K2 = 21
    [20.60, 11.05, 6.08, 4.35], // K2 = 22
    [20.65, 11.05, 6.07, 4.33], // K2 = 23
    [20.69, 11.05, 6.06, 4.32], // K2 = 24
    [20.73, 11.06, 6.05, 4.30], // K2 = 25
    [20.76, 11.06, 6.03, 4.29], // K2 = 26
    [20.79, 11.06, 6.02, 4.27], // K2 = 27
    [20.82, 11.05, 6.01, 4.26], // K2 = 28
    [20.84, 11.05, 6.00, 4.24], // K2 = 29
    [20.86, 11.05, 5.99, 4.23], // K2 = 30
  ],
  // nEndog = 3; columns 5%, 10%, 20%, 30% maximal relative bias
  [
    null, // K2 = 1
    null, // K2 = 2
    null, // K2 = 3
    null, // K2 = 4
    [9.53, 6.61, 4.99, 4.30], // K2 = 5
    [12.20, 7.77, 5.35, 4.40], // K2 = 6
    [13.95, 8.50, 5.56, 4.44], // K2 = 7
    [15.18, 9.01, 5.69, 4.46], // K2 = 8
    [16.10, 9.37, 5.78, 4.46], // K2 = 9
    [16.80, 9.64, 5.83, 4.45], // K2 = 10
    [17.35, 9.85, 5.87, 4.44], // K2 = 11
    [17.80, 10.01, 5.90, 4.42], // K2 = 12
    [18.17, 10.14, 5.92, 4.41], // K2 = 13
    [18.47, 10.25, 5.93, 4.39], // K2 = 14
    [18.73, 10.33, 5.94, 4.37], // K2 = 15
    [18.94, 10.41, 5.94, 4.36], // K2 = 16
    [19.13, 10.47, 5.94, 4.34], // K2 = 17
    [19.29, 10.52, 5.94, 4.32], // K2 = 18
    [19.44, 10.56, 5.94, 4.31], // K2 = 19
    [19.56, 10.60, 5.93, 4.29], // K2 = 20
    [19.67, 10.63, 5.93, 4.28], // K2 = 21
    [19.77, 10.65, 5.92, 4.27], // K2 = 22
    [19.86, 10.68, 5.92, 4.25], // K2 = 23
    [19.94, 10.70, 5.91, 4.24], // K2 = 24
    [20.01, 10.71, 5.90, 4.23], // K2 = 25
    [20.07, 10.73, 5.90, 4.21], // K2 = 26
    [20.13, 10.74, 5.89, 4.20], // K2 = 27
    [20.18, 10.75, 5.88, 4.19], // K2 = 28
    [20.23, 10.76, 5.88, 4.18], // K2 = 29
    [20.27, 10.77, 5.87, 4.17], // K2 = 30
  ],
];
const SIZE: ReadonlyArray<ReadonlyArray<Quad | null>> = [
  // nEndog = 1; columns 10%, 15%, 20%, 25% maximal size (2SLS Wald test)
  [
    [16.38, 8.96, 6.66, 5.53], // K2 = 1
    [19.93, 11.59, 8.75, 7.25], // K2 = 2
    [22.30, 12.83, 9.54, 7.80], // K2 = 3
    [24.58, 13.96, 10.26, 8.31], // K2 = 4
    [26.87, 15.09, 10.98, 8.84], // K2 = 5
    [29.18, 16.23, 11.72, 9.38], // K2 = 6
    [31.50, 17.38, 12.48, 9.93], // K2 = 7
    [33.84, 18.54, 13.24, 10.50], // K2 = 8
    [36.19, 19.71, 14.01, 11.07], // K2 = 9
    [38.54, 20.88, 14.78, 11.65], // K2 = 10
    [40.90, 22.06, 15.56, 12.23], // K2 = 11
    [43.27, 23.24, 16.35, 12.82], // K2 = 12
    [45.64, 24.42, 17.14, 13.41], // K2 = 13
    [48.01, 25.61, 17.93, 14.00], // K2 = 14
    [50.39, 26.80, 18.72, 14.60], // K2 = 15
    [52.77, 27.99, 19.51, 15.19], // K2 = 16
    [55.15, 29.19, 20.31, 15.79], // K2 = 17
    [57.53, 30.38, 21.10, 16.39], // K2 = 18
    [59.92, 31.58, 21.90, 16.99], // K2 = 19
    [62.30, 32.77, 22.70, 17.60], // K2 = 20
    [64.69, 33.97, 23.50, 18.20], // K2 = 21
    [67.07, 35.17, 24.30, 18.80], // K2 = 22
    [69.46, 36.37, 25.10, 19.41], // K2 = 23
    [71.85, 37.57, 25.90, 20.01], // K2 = 24
    [74.24, 38.77, 26.71, 20.61], // K2 = 25
    [76.62, 39.97, 27.51, 21.22], // K2 = 26
    [79.01, 41.17, 28.31, 21.83], // K2 = 27
    [81.40, 42.37, 29.12, 22.43], // K2 = 28
    [83.79, 43.57, 29.92, 23.04], // K2 = 29
    [86.17, 44.78, 30.72, 23.65], // K2 = 30
  ],
  // nEndog = 2; columns 10%, 15%, 20%, 25% maximal size (2SLS Wald test)
  [
    null, // K2 = 1
    [7.03, 4.58, 3.95, 3.63], // K2 = 2
    [13.43, 8.18, 6.40, 5.45], // K2 = 3
    [16.87, 9.93, 7.54, 6.28], // K2 = 4
    [19.45, 11.22, 8.38, 6.89], // K2 = 5
    [21.68, 12.33, 9.10, 7.42], // K2 = 6
    [23.72, 13.34, 9.77, 7.91], // K2 = 7
    [25.64, 14.31, 10.41, 8.39], // K2 = 8
    [27.51, 15.24, 11.03, 8.85], // K2 = 9
    [29.32, 16.16, 11.65, 9.31], // K2 = 10
    [31.11, 17.06, 12.25, 9.77], // K2 = 11
    [32.88, 17.95, 12.86, 10.22], // K2 = 12
    [34.62, 18.84, 13.45, 10.68], // K2 = 13
    [36.36, 19.72, 14.05, 11.13], // K2 = 14
    [38.08, 20.60, 14.65, 11.58], // K2 = 15
    [39.80, 21.48, 15.24, 12.03], // K2 = 16
    [41.51, 22.35, 15.83, 12.49], // K2 = 17
    [43.22, 23.22, 16.42, 12.94], // K2 = 18
    [44.92, 24.09, 17.02, 13.39], // K2 = 19
    [46.62, 24.96, 17.61, 13.84], // K2 = 20
    [48.31, 25.82, 18.20, 14.29], // K2 = 21
    [50.01, 26.69, 18.79, 14.74], // K2 = 22
    [51.70, 27.56, 19.38, 15.19], // K2 = 23
    [53.39, 28.42, 19.97, 15.64], // K2 = 24
    [55.07, 29.29, 20.56, 16.10], // K2 = 25
    [56.76, 30.15, 21.15, 16.55], // K2 = 26
    [58.45, 31.02, 21.74, 17.00], // K2 = 27
    [60.13, 31.88, 22.33, 17.45], // K2 = 28
    [61.82, 32.74, 22.92, 17.90], // K2 = 29
    [63.51, 33.61, 23.51, 18.35], // K2 = 30
  ],
];
const LIML_SIZE: ReadonlyArray<ReadonlyArray<Quad | null>> = [
  // nEndog = 1; columns 10%, 15%, 20%, 25% maximal size (LIML Wald test)
  [
    [16.38, 8.96, 6.66, 5.53], // K2 = 1
    [8.68, 5.33, 4.42, 3.92], // K2 = 2
    [6.46, 4.36, 3.69, 3.32], // K2 = 3
    [5.44, 3.87, 3.30, 2.98], // K2 = 4
    [4.84, 3.56, 3.05, 2.77], // K2 = 5
    [4.45, 3.34, 2.87, 2.61], // K2 = 6
    [4.18, 3.18, 2.73, 2.49], // K2 = 7
    [3.97, 3.04, 2.63, 2.39], // K2 = 8
    [3.81, 2.93, 2.54, 2.32], // K2 = 9
    [3.68, 2.84, 2.46, 2.25], // K2 = 10
    [3.58, 2.76, 2.40, 2.19], // K2 = 11
    [3.50, 2.69, 2.34, 2.14], // K2 = 12
    [3.42, 2.63, 2.29, 2.10], // K2 = 13
    [3.36, 2.57, 2.25, 2.06], // K2 = 14
    [3.31, 2.52, 2.21, 2.03], // K2 = 15
    [3.27, 2.48, 2.18, 2.00], // K2 = 16
    [3.24, 2.44, 2.14, 1.97], // K2 = 17
    [3.20, 2.41, 2.11, 1.94], // K2 = 18
    [3.18, 2.37, 2.09, 1.92], // K2 = 19
    [3.21, 2.34, 2.06, 1.90], // K2 = 20
    [3.39, 2.32, 2.04, 1.88], // K2 = 21
    [3.57, 2.29, 2.02, 1.86], // K2 = 22
    [3.68, 2.27, 2.00, 1.84], // K2 = 23
    [3.75, 2.25, 1.98, 1.83], // K2 = 24
    [3.79, 2.24, 1.96, 1.81], // K2 = 25
    [3.82, 2.22, 1.95, 1.80], // K2 = 26
    [3.85, 2.21, 1.93, 1.78], // K2 = 27
    [3.86, 2.20, 1.92, 1.77], // K2 = 28
    [3.87, 2.19, 1.90, 1.76], // K2 = 29
    [3.88, 2.18, 1.89, 1.75], // K2 = 30
  ],
  // nEndog = 2; columns 10%, 15%, 20%, 25% maximal size (LIML Wald test)
  [
    null, // K2 = 1
    [7.03, 4.58, 3.95, 3.63], // K2 = 2
    [5.44, 3.81, 3.32, 3.09], // K2 = 3
    [4.72, 3.39, 2.99, 2.79], // K2 = 4
    [4.32, 3.13, 2.78, 2.60], // K2 = 5
    [4.06, 2.95, 2.63, 2.46], // K2 = 6
    [3.90, 2.83, 2.52, 2.35], // K2 = 7
    [3.78, 2.73, 2.43, 2.27], // K2 = 8
    [3.70, 2.66, 2.36, 2.20], // K2 = 9
    [3.64, 2.60, 2.30, 2.14], // K2 = 10
    [3.60, 2.55, 2.25, 2.09], // K2 = 11
    [3.58, 2.52, 2.21, 2.05], // K2 = 12
    [3.56, 2.48, 2.17, 2.02], // K2 = 13
    [3.55, 2.46, 2.14, 1.99], // K2 = 14
    [3.54, 2.44, 2.11, 1.96], // K2 = 15
    [3.55, 2.42, 2.09, 1.93], // K2 = 16
    [3.55, 2.41, 2.07, 1.91], // K2 = 17
    [3.56, 2.40, 2.05, 1.89], // K2 = 18
    [3.57, 2.39, 2.03, 1.87], // K2 = 19
    [3.58, 2.38, 2.02, 1.86], // K2 = 20
    [3.59, 2.38, 2.01, 1.84], // K2 = 21
    [3.60, 2.37, 1.99, 1.83], // K2 = 22
    [3.62, 2.37, 1.98, 1.81], // K2 = 23
    [3.64, 2.37, 1.98, 1.80], // K2 = 24
    [3.65, 2.37, 1.97, 1.79], // K2 = 25
    [3.67, 2.38, 1.96, 1.78], // K2 = 26
    [3.74, 2.38, 1.96, 1.77], // K2 = 27
    [3.87, 2.38, 1.95, 1.77], // K2 = 28
    [4.02, 2.39, 1.95, 1.76], // K2 = 29
    [4.12, 2.39, 1.95, 1.75], // K2 = 30
  ],
];

function lookup(table: ReadonlyArray<ReadonlyArray<Quad | null>>, nEndog: number, nExcluded: number): Quad | undefined {
  if (!Number.isInteger(nEndog) || !Number.isInteger(nExcluded)) return undefined;
  if (nEndog < 1 || nEndog > table.length) return undefined;
  if (nExcluded < 1 || nExcluded > STOCK_YOGO_MAX_EXCLUDED) return undefined;
  const row = table[nEndog - 1][nExcluded - 1];
  return row === null || row === undefined ? undefined : row;
}

function asSize(q: Quad | undefined): StockYogoSize | undefined {
  return q === undefined ? undefined : { "10%": q[0], "15%": q[1], "20%": q[2], "25%": q[3] };
}

/**
 * Stock-Yogo critical values for `nEndog` endogenous regressors and `nExcluded` excluded
 * instruments (K2). Each part is undefined where the published tables have no entry.
 *
 * @example stockYogoCriticalValues(1, 1).size?.["10%"]  // 16.38
 */
export function stockYogoCriticalValues(nEndog: number, nExcluded: number): StockYogoCriticalValues {
  const b = lookup(BIAS, nEndog, nExcluded);
  return {
    size: asSize(lookup(SIZE, nEndog, nExcluded)),
    bias: b === undefined ? undefined : { "5%": b[0], "10%": b[1], "20%": b[2], "30%": b[3] },
  };
}

/**
 * LIML Wald-test maximal size critical values (Stock & Yogo 2005; livreg2's s_limlsize10..25),
 * nEndog = 1..2, K2 = 1..30; undefined where not tabulated.
 */
export function stockYogoLimlSizeCriticalValues(nEndog: number, nExcluded: number): StockYogoSize | undefined {
  return asSize(lookup(LIML_SIZE, nEndog, nExcluded));
}
