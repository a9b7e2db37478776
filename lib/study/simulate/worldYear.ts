/**
 * The yearly process of the world's draw (world.ts, steps 1–5 of its timing): for year t, the shocks and
 * noises, the robot stocks from the China shift-share exposure, the lagged controls, the year effects that
 * hold the cross-city means on their calibration paths, and the joint solution of ai* and P_t, city by
 * city. The records of the year follow in worldRecords.ts.
 */
import { Rng } from "../../random/rng";
import { IEI_COMPONENTS } from "../variables/innovation";
import { FIRST_PANEL_YEAR, FIRST_RAW_YEAR, SimParams } from "./params";
import { fineShares, shareShockTerm, startShareShock } from "./shareShock";
import {
  CityTraits,
  ControlSeries,
  Latents,
  MECH,
  MechanismArrays,
  path,
  T,
  WorldContext,
  YearlyRun,
  YearState,
} from "./worldContext";

/** Target cross-city means of the mechanisms in 2000, 2007 and 2023 (linear in between). */
const MECH_TARGETS: Record<(typeof MECH)[number], [number, number, number]> = {
  pop_return: [1.5, 1.0, 0.5],
  iei: [30, 40, 62],
  isu: [0.85, 0.9, 1.65],
};

/** Number of mechanisms (the length of MECH), read once. */
const N_MECH = MECH.length;

/** What the year effects of one year are, for the solution of every city. */
interface YearEffects {
  /** m_k,t by mechanism. */
  mechYear: Float64Array;
  /** τ_t. */
  tau: number;
  /** Whether the year is in the analysis panel (the shrinking increment applies). */
  inSample: boolean;
}

/**
 * Sets up the yearly process: forks the streams "shock", "noise", "measurement" and "other" from the root
 * `rng` (and "shareShock" when that option is on, shareShock.ts), allocates the latent outputs, and starts the state at 2000 (P = P0, H = P0·hukouRatio, no robots,
 * E_j from 2000 employment as a stand-in until the base year). Uses params.mechanisms (a, b, c, noiseSd).
 */
export function startYearly(ctx: WorldContext, traits: CityTraits, controls: ControlSeries, rng: Rng): YearlyRun {
  const C = ctx.C;
  const streams = { shock: rng.fork("shock"), noise: rng.fork("noise"), measurement: rng.fork("measurement"), other: rng.fork("other") };
  const f = (): Float64Array => new Float64Array(C * T);
  const latent: Latents = {
    shock: f(),
    aiTrue: f(),
    shrink: f(),
    shrinkNoErr: f(),
    mech: { pop_return: f(), iei: f(), isu: f() },
  };
  const state = startState(ctx, traits);
  const mech = mechanismArrays(ctx.params, C, traits, latent);
  const shareShock = startShareShock(rng, ctx.params.shareShock, C, ctx.J);
  return { ctx, traits, controls, streams, mech, state, latent, dev: new Float64Array(IEI_COMPONENTS.length), shareShock };
}

/** The state before 2000: populations P0 and H0, zero stocks and noise, share_sum, and E_j from 2000 employment. */
function startState(ctx: WorldContext, tt: CityTraits): YearState {
  const { C, J } = ctx;
  const f = (): Float64Array => new Float64Array(C);
  const H = f();
  for (let c = 0; c < C; c++) H[c] = tt.P0[c] * tt.hukouRatio[c];
  const shareSum = f();
  for (let c = 0; c < C; c++) for (let j = 0; j < J; j++) shareSum[c] += tt.shares[c * J + j];
  // until 2006, exposure uses the shares with 2000 employment as a stand-in for E_j (pre-sample only)
  const E = new Float64Array(J);
  for (let c = 0; c < C; c++) {
    const emp = tt.e0[c] * tt.P0[c] * 1e4;
    for (let j = 0; j < J; j++) E[j] += tt.shares[c * J + j] * emp;
  }
  return {
    P: Float64Array.from(tt.P0),
    H,
    K: f(),
    Krec: f(),
    nu: f(),
    Pnew: f(),
    S: f(),
    eps: f(),
    Kt: f(),
    eRate: f(),
    Xterm: f(),
    E,
    shareSum,
    shrinking: new Uint8Array(C),
  };
}

/** The mechanism parameters (params.mechanisms) as arrays in MECH order, with Σ_k a_k·b_k. */
function mechanismArrays(params: SimParams, C: number, tt: CityTraits, latent: Latents): MechanismArrays {
  const a = MECH.map((k) => params.mechanisms[k].a);
  const b = MECH.map((k) => params.mechanisms[k].b);
  let sumAB = 0;
  for (let k = 0; k < MECH.length; k++) sumAB += a[k] * b[k];
  return {
    a,
    b,
    c: MECH.map((k) => params.mechanisms[k].c),
    sd: MECH.map((k) => params.mechanisms[k].noiseSd),
    city: MECH.map((k) => tt.mechCity[k]),
    eta: MECH.map(() => new Float64Array(C)),
    out: MECH.map((k) => latent.mech[k]),
    sumAB,
  };
}

/** Steps 1–5 of year t (index t = year − 2000): draws, robot stocks, controls, year effects, ai* and P_t. */
export function solveYear(run: YearlyRun, t: number): void {
  const year = FIRST_RAW_YEAR + t;
  const inSample = year >= FIRST_PANEL_YEAR;
  drawYearNoise(run, year);
  setRobotStocks(run, t, year);
  setLaggedControls(run, t, year);
  const aiProv = provisionalAi(run.ctx.C, run.state);
  const mechYear = mechanismYearEffects(run, year, aiProv);
  const effects: YearEffects = { mechYear, tau: outcomeYearEffect(run, year, mechYear, inSample, aiProv), inSample };
  const nYears = T; // read once: under tsx every use of an import is a getter call
  for (let c = 0; c < run.ctx.C; c++) solveCity(run, c, c * nYears + t, effects);
}

/**
 * Step 1: per city, draws the shock S_it from "shock", then from "noise" the adoption noise
 * ν_it = ρ·ν_i,t−1 + N(0, σ_ν²) (params.robots.noiseAr, .noiseSd), the outcome noise ε_it
 * (params.shrinkNoiseSd) and the mechanism noises η_k,it (params.mechanisms[k].noiseSd); sets e_it.
 * With params.shareShock on, ε_it also gains Σ_m s_im·u_mt from the stream "shareShock" (shareShock.ts).
 */
function drawYearNoise(run: YearlyRun, year: number): void {
  const { ctx, traits: tt, state: st, mech: m } = run;
  const { params } = ctx;
  const { noiseAr, noiseSd } = params.robots;
  const rs = run.streams.shock;
  const rn = run.streams.noise;
  for (let c = 0; c < ctx.C; c++) {
    st.S[c] = rs.normal();
    st.nu[c] = noiseAr * st.nu[c] + noiseSd * rn.normal();
    st.eps[c] = params.shrinkNoiseSd * rn.normal();
    for (let k = 0; k < N_MECH; k++) m.eta[k][c] = m.sd[k] * rn.normal();
    st.eRate[c] = tt.e0[c] * Math.exp(tt.eTrend[c] * (year - 2007));
  }
  const ss = run.shareShock;
  if (ss) {
    ss.fine ??= fineShares(tt.shares, ss.split, ctx.C, ctx.J, ss.k);
    const term = shareShockTerm(ss.fine, ss.sd, ss.u);
    for (let c = 0; c < ctx.C; c++) st.eps[c] += term[c];
  }
}

/**
 * Step 2: the robot stocks K_it. City targets R*_it = B_it · exp(α_i + λ_i·(t − 2007) + ψ_a·S_it + ν_it)
 * (ψ_a = params.shock.onAi) from the China shift-share exposure B_it = Σ_j s_ij·CN_jt / E_j · 10⁴, scaled
 * by κ_t to add up to China's national stock, and never below (1 − δ)·K_i,t−1 (δ = params.robots.depreciation).
 */
function setRobotStocks(run: YearlyRun, t: number, year: number): void {
  const { ctx, traits: tt, state: st } = run;
  const { C, J, params, stocks } = ctx;
  const cn = new Float64Array(J); // China's stock by industry this year
  for (let j = 0; j < J; j++) cn[j] = stocks.cn[j * T + t];
  let targetSum = 0;
  for (let c = 0; c < C; c++) {
    let B = 0;
    for (let j = 0; j < J; j++) B += (tt.shares[c * J + j] * cn[j]) / st.E[j];
    B *= 1e4;
    const R = B * Math.exp(tt.alpha[c] + tt.lambda[c] * (year - 2007) + params.shock.onAi * st.S[c] + st.nu[c]);
    st.Kt[c] = R * st.eRate[c] * st.P[c];
    targetSum += st.Kt[c];
  }
  let national = 0;
  for (let j = 0; j < J; j++) national += cn[j];
  for (let c = 0; c < C; c++) st.Kt[c] = Math.max((st.Kt[c] * national) / targetSum, (1 - params.robots.depreciation) * st.K[c]);
}

/**
 * The lagged controls' term γ′X_i,t−1 (γ = params.controls; the 2000 values stand in for 1999), with ln
 * density from the registered population, plus params.shareSumTrend · share_sum · (t − 2007). No draw.
 */
function setLaggedControls(run: YearlyRun, t: number, year: number): void {
  const { ctx, traits: tt, state: st } = run;
  const { ratios, wins } = run.controls;
  const params = ctx.params;
  const gamma = params.controls;
  const tl = Math.max(0, t - 1);
  const sinceFirstPanelYear = year - FIRST_PANEL_YEAR;
  for (let c = 0; c < ctx.C; c++) {
    const i = c * T + tl;
    const density = Math.log((st.H[c] * 1e4) / tt.area[c]);
    st.Xterm[c] =
      gamma.lnpgdp * ratios.lnpgdp[i] +
      gamma.gov * wins.gov[i] +
      gamma.fin * wins.fin[i] +
      gamma.open * wins.open[i] +
      gamma.hc * wins.hc[i] +
      gamma.infra * wins.infra[i] +
      gamma.density * density +
      params.shareSumTrend * st.shareSum[c] * sinceFirstPanelYear;
  }
}

/** ai* of every city at the provisional population P_t ≈ P_t−1, for the year effects. */
function provisionalAi(C: number, st: YearState): Float64Array {
  const ai = new Float64Array(C);
  for (let c = 0; c < C; c++) ai[c] = Math.log(1 + st.Kt[c] / (st.eRate[c] * st.P[c]));
  return ai;
}

/** β_i this year: β_i without the increment, plus params.effect.shrinking in shrinking cities from 2007. */
function betaOf(run: YearlyRun, c: number, inSample: boolean): number {
  return run.traits.beta0[c] + (inSample && run.state.shrinking[c] ? run.ctx.params.effect.shrinking : 0);
}

/**
 * Step 5a: the mechanisms' year effects m_k,t, set from provisional values so that the cross-city mean of
 * M_k follows MECH_TARGETS (uses a_k and c_k of params.mechanisms). No draw.
 */
function mechanismYearEffects(run: YearlyRun, year: number, aiProv: Float64Array): Float64Array {
  const { ctx, state: st, mech: m } = run;
  const C = ctx.C;
  const mechYear = new Float64Array(N_MECH);
  for (let k = 0; k < N_MECH; k++) {
    let s = 0;
    const mc = m.city[k];
    const et = m.eta[k];
    const ak = m.a[k];
    const ck = m.c[k];
    for (let c = 0; c < C; c++) s += mc[c] + ak * aiProv[c] + ck * st.S[c] + et[c];
    const [v0, v7, v23] = MECH_TARGETS[MECH[k]];
    mechYear[k] = path([[2000, v0], [2007, v7], [2023, v23]], year) - s / C;
  }
  return mechYear;
}

/**
 * Step 5b: the outcome's year effect τ_t, set from provisional values so that the cross-city mean growth
 * follows params.population.meanGrowth2000/2007/2023 (uses β_i, b_k and ψ_y = params.shock.onShrink). No draw.
 */
function outcomeYearEffect(run: YearlyRun, year: number, mechYear: Float64Array, inSample: boolean, aiProv: Float64Array): number {
  const { ctx, traits: tt, state: st, mech: m } = run;
  const C = ctx.C;
  const psiY = ctx.params.shock.onShrink;
  let sy = 0;
  for (let c = 0; c < C; c++) {
    const ai = aiProv[c];
    let mm = 0;
    for (let k = 0; k < N_MECH; k++) mm += m.b[k] * (m.city[k][c] + mechYear[k] + m.a[k] * ai + m.c[k] * st.S[c] + m.eta[k][c]);
    sy += tt.mu[c] + betaOf(run, c, inSample) * ai + mm + st.Xterm[c] + psiY * st.S[c] + st.eps[c];
  }
  const pp = ctx.params.population;
  const meanGrowth = path([[2000, pp.meanGrowth2000], [2007, pp.meanGrowth2007], [2023, pp.meanGrowth2023]], year);
  return -meanGrowth - sy / C;
}

/**
 * Steps 3–4 for city c (city-year i): solves ai*_it = ln(1 + K_it/(e_it·P_it)) and
 * P_it = P_i,t−1·(1 − shrink_it/100) jointly (four fixed-point passes), with shrink_it = μ_i + τ_t +
 * (β_i + Σ a_k b_k)·ai* + Σ b_k(m_k,i + m_k,t + c_k·S + η_k) + γ′X + ψ_y·S + ε; writes the latent shock,
 * ai*, shrink, shrink without error, and M_k,it.
 */
function solveCity(run: YearlyRun, c: number, i: number, { mechYear, tau, inSample }: YearEffects): void {
  const { ctx, traits: tt, state: st, mech: m, latent } = run;
  const psiY = ctx.params.shock.onShrink;
  const beta = betaOf(run, c, inSample);
  // the part of shrink that does not depend on ai*
  let fixed = tt.mu[c] + tau + st.Xterm[c] + psiY * st.S[c] + st.eps[c];
  for (let k = 0; k < N_MECH; k++) fixed += m.b[k] * (m.city[k][c] + mechYear[k] + m.c[k] * st.S[c] + m.eta[k][c]);
  const slope = beta + m.sumAB;
  let Pt = st.P[c];
  let ai = 0;
  let y = 0;
  for (let pass = 0; pass < 4; pass++) {
    ai = Math.log(1 + st.Kt[c] / (st.eRate[c] * Pt));
    y = fixed + slope * ai;
    Pt = st.P[c] * (1 - y / 100);
  }
  st.Pnew[c] = Pt;
  latent.shock[i] = st.S[c];
  latent.aiTrue[i] = ai;
  latent.shrink[i] = y;
  let sysMech = 0;
  for (let k = 0; k < N_MECH; k++) {
    sysMech += m.b[k] * (m.city[k][c] + mechYear[k]);
    m.out[k][i] = m.city[k][c] + mechYear[k] + m.a[k] * ai + m.c[k] * st.S[c] + m.eta[k][c];
  }
  latent.shrinkNoErr[i] = tt.mu[c] + tau + sysMech + slope * ai + st.Xterm[c];
}
