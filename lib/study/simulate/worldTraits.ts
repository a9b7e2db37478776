/**
 * The time-invariant city traits of the world's draw (world.ts), all from the stream "traits", city by city
 * in registry order. Within a city the draws come in a fixed order — population, employment and adoption
 * propensity, industry shares, controls, mechanisms, the traits behind the other records, the adoption
 * trend — which is what keeps the committed data/ byte-identical: reorder nothing here.
 */
import { Rng } from "../../random/rng";
import { flag, provinceOf, Region, regionOf, SimCity } from "./cities";
import { INDUSTRIES } from "./industries";
import { SimParams } from "./params";
import { CityTraits, MECH, WorldContext } from "./worldContext";

/** Municipalities' 2000 resident populations (万人; rounded census-2000 orders of magnitude). */
const MUNICIPALITY_POP: Record<string, number> = { "110000": 1364, "120000": 1001, "310000": 1641, "500000": 2849 };

/** A city's fixed indicators that shift its trait distributions (0/1 numbers, as they enter the formulas). */
interface CityProfile {
  region: Region;
  prov: string;
  isBig: boolean;
  big: number;
  east: number;
  west: number;
  ne: number;
  res: number;
}

/** One city's trait draw: the stream, the parameters, the city and where its traits go. */
interface TraitDraw {
  tr: Rng;
  params: SimParams;
  J: number;
  c: number;
  city: SimCity;
  p: CityProfile;
  tt: CityTraits;
}

function profileOf(city: SimCity): CityProfile {
  const region = regionOf(city);
  const isBig = flag(city.municipality) || flag(city.provincial_capital);
  return {
    region,
    prov: provinceOf(city),
    isBig,
    big: isBig ? 1 : 0,
    east: region === "east" ? 1 : 0,
    west: region === "west" ? 1 : 0,
    ne: region === "northeast" ? 1 : 0,
    res: flag(city.resource_based) ? 1 : 0,
  };
}

function emptyTraits(C: number, J: number): CityTraits {
  const f = (): Float64Array => new Float64Array(C);
  return {
    mu: f(), P0: f(), hukouRatio: f(), natOffset: f(), e0: f(), eTrend: f(), alpha: f(), lambda: f(),
    shares: new Float64Array(C * J),
    pgdpA: f(), pgdpTheta: f(),
    ratio0: { gov: f(), fin: f(), open: f(), hc: f(), infra: f() },
    area: f(),
    mechCity: { pop_return: f(), iei: f(), isu: f() },
    firmsA: f(), patentsA: f(), primary0: f(), outRate: f(), depositShare: f(), beta0: f(),
  };
}

/**
 * Draws every city's time-invariant traits from the stream `tr` ("traits"), city by city. Uses
 * params.population (μ_i), params.robots.propensitySd and .trendSd (α_i, λ_i), params.industry.shareSd,
 * params.mechanisms[k].cityEffectSd (m_k,i) and params.effect (β_i without the shrinking increment).
 */
export function drawCityTraits(ctx: WorldContext, tr: Rng): CityTraits {
  const tt = emptyTraits(ctx.C, ctx.J);
  for (let c = 0; c < ctx.C; c++) {
    const city = ctx.cities[c];
    const d: TraitDraw = { tr, params: ctx.params, J: ctx.J, c, city, p: profileOf(city), tt };
    drawPopulationTraits(d);
    drawEmploymentAndPropensity(d);
    drawIndustryShares(d);
    drawControlTraits(d);
    drawMechanismTraits(d);
    drawRecordTraits(d);
    tt.lambda[c] = ctx.params.robots.trendSd * tr.normal();
    tt.beta0[c] = baseDirectEffect(ctx.params, city, d.p.res);
  }
  return tt;
}

/**
 * Draws the 2000 resident population P0 (municipalities take MUNICIPALITY_POP and draw nothing), the hukou
 * ratio, the natural-growth offset and the outcome's city effect μ_i (params.population: cityEffectSd,
 * regionEffect, heilongjiang, bigCity).
 */
function drawPopulationTraits({ tr, params, c, city, p, tt }: TraitDraw): void {
  const { big, east, west, ne, isBig, region, prov } = p;
  const muni = MUNICIPALITY_POP[prov + "0000"];
  tt.P0[c] = flag(city.municipality) && muni
    ? muni
    : Math.min(1800, Math.max(35, Math.exp(Math.log(330) + 0.5 * tr.normal()) * (isBig ? 2 : 1)));
  tt.hukouRatio[c] = Math.exp(0.05 - 0.3 * big + 0.08 * (1 - east) + 0.08 * tr.normal());
  tt.natOffset[c] = 1.5 * tr.normal() + 2 * west - 2.5 * ne - 0.5 * east;
  tt.mu[c] =
    params.population.cityEffectSd * tr.normal() +
    params.population.regionEffect[region] +
    (prov === "23" ? params.population.heilongjiang : 0) +
    (isBig ? params.population.bigCity : 0);
}

/** Draws the employment rate e0 and its trend, and the adoption propensity α_i (params.robots.propensitySd). */
function drawEmploymentAndPropensity({ tr, params, c, p, tt }: TraitDraw): void {
  tt.e0[c] = Math.exp(Math.log(0.11) + 0.3 * tr.normal()) * (p.isBig ? 1.7 : 1);
  tt.eTrend[c] = 0.008 + 0.005 * tr.normal();
  tt.alpha[c] = params.robots.propensitySd * tr.normal() + 0.2 * p.east;
}

/**
 * Draws the base-year employment shares s_ij of the IFR industries: first their sum, then the mix, each
 * industry's weight log-normal around its empWeight with SD params.industry.shareSd and a regional bump.
 */
function drawIndustryShares({ tr, params, J, c, p, tt }: TraitDraw): void {
  const { east, west, ne, res } = p;
  const shares = tt.shares;
  const sum = Math.min(0.8, Math.max(0.15, 0.42 + 0.08 * east + 0.08 * ne + 0.06 * res + 0.1 * tr.normal()));
  let tot = 0;
  for (let j = 0; j < J; j++) {
    const ind = INDUSTRIES[j];
    let bump = 0;
    if (ind.code === "C") bump += 1.2 * res;
    if (ind.code === "24" || ind.code === "28") bump += 0.5 * ne;
    if (ind.code === "26-27" || ind.code === "13-15") bump += 0.5 * east;
    if (ind.code === "AB") bump += 0.5 * west;
    const w = ind.empWeight * Math.exp(params.industry.shareSd * tr.normal() + bump);
    shares[c * J + j] = w;
    tot += w;
  }
  for (let j = 0; j < J; j++) shares[c * J + j] *= sum / tot;
}

/**
 * Draws the city parts of the controls X: the level and trend of ln real GDP per capita, the 2007 levels
 * of the five ratios, and the 2000 density that fixes the land area. No structural parameter: X is exogenous.
 */
function drawControlTraits({ tr, c, p, tt }: TraitDraw): void {
  const { big, east, west } = p;
  tt.pgdpA[c] = 0.55 * tr.normal() + 0.3 * east - 0.25 * west + 0.45 * big;
  tt.pgdpTheta[c] = 0.008 * tr.normal() - 0.004 * east;
  tt.ratio0.gov[c] = Math.exp(Math.log(0.15) + 0.35 * tr.normal() + 0.25 * west - 0.15 * big);
  tt.ratio0.fin[c] = Math.exp(Math.log(1.8) + 0.3 * tr.normal() + 0.35 * big);
  tt.ratio0.open[c] = Math.exp(Math.log(0.012) + 0.9 * tr.normal() + 0.6 * east);
  tt.ratio0.hc[c] = Math.exp(Math.log(90) + 0.9 * tr.normal() + 1.1 * big);
  tt.ratio0.infra[c] = Math.exp(Math.log(7) + 0.35 * tr.normal());
  const density0 = Math.exp(Math.log(380) + 0.7 * tr.normal() - 0.6 * west + 0.4 * east + 0.5 * big);
  tt.area[c] = Math.round((tt.P0[c] * 1e4) / density0);
}

/** Draws the mechanisms' city effects m_k,i (params.mechanisms[k].cityEffectSd, plus a regional shift). */
function drawMechanismTraits({ tr, params, c, p, tt }: TraitDraw): void {
  const { big, east, west, ne } = p;
  for (const k of MECH) {
    const mp = params.mechanisms[k];
    const scale = k === "iei" ? 10 : k === "isu" ? 0.2 : 2;
    tt.mechCity[k][c] = mp.cityEffectSd * tr.normal() + scale * (0.6 * east - 0.5 * west - 0.5 * ne + 1.2 * big);
  }
}

/**
 * Draws the traits behind the records that do not enter the outcome: the levels of AI firms and patents,
 * the 2000 primary-sector share, the out-migration rate and the deposit share. No structural parameter.
 */
function drawRecordTraits({ tr, c, p, tt }: TraitDraw): void {
  const { big, east, west } = p;
  tt.firmsA[c] = 0.8 * tr.normal() + 1.0 * big + 0.5 * east;
  tt.patentsA[c] = 0.8 * tr.normal() + 1.2 * big + 0.5 * east;
  tt.primary0[c] = Math.min(0.3, Math.max(0.01, 0.15 + 0.05 * tr.normal() - 0.1 * big + 0.04 * west));
  tt.outRate[c] = Math.max(2, 9 + 2 * tr.normal());
  tt.depositShare[c] = 0.5 + 0.05 * tr.normal();
}

/** β_i without the shrinking-city increment: β₀ + Δ_hu·hu_se + Δ_per·peripheral + Δ_res·resource (params.effect). No draw. */
function baseDirectEffect(params: SimParams, city: SimCity, res: number): number {
  const eff = params.effect;
  return (
    eff.direct +
    eff.huSe * (flag(city.hu_se) ? 1 : 0) +
    eff.peripheral * (flag(city.peripheral) ? 1 : 0) +
    eff.resource * res
  );
}
