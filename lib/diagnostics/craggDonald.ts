/** The Cragg–Donald weak-identification statistic in its two common scalings. */
export interface CraggDonald {
  /** fixest's form: (N − K − L − 1)/L · λ_min. */
  waldF: number;
  /** ivreg2's count with the fixed effects as dummies: (N − K_fs,full)/L · λ_min. */
  waldFIvreg2: number;
  /** λ_min = ρ²_min/(1 − ρ²_min), the minimum eigenvalue of the Cragg–Donald matrix. */
  minEigenvalue: number;
}

/**
 * Cragg & Donald (1993) Wald F from the smallest canonical correlation ρ_min of the partialled
 * endogenous regressors and excluded instruments (the minimum-eigenvalue form, valid for any number
 * of endogenous regressors; Stock & Yogo 2005, eq. 2.3):
 *
 *   λ_min = ρ²_min/(1 − ρ²_min),   F_fixest = (N − K − L − 1)/L · λ_min,   F_ivreg2 = (N − K_fs)/L · λ_min,
 *
 * with K endogenous regressors, L excluded instruments and K_fs the first stage's full parameter
 * count (slopes + fixed-effect levels). fixest's form ignores the controls' and fixed effects'
 * degrees of freedom; ivreg2 with the fixed effects as dummies counts them all.
 */
export function craggDonald(canonicalCorrelations: number[], nobs: number, nEndogenous: number, nInstruments: number, firstStageKFull: number): CraggDonald {
  const rho = Math.min(...canonicalCorrelations);
  const minEigenvalue = (rho * rho) / (1 - rho * rho);
  return {
    waldF: ((nobs - nEndogenous - nInstruments - 1) / nInstruments) * minEigenvalue,
    waldFIvreg2: ((nobs - firstStageKFull) / nInstruments) * minEigenvalue,
    minEigenvalue,
  };
}
