/**
 * Bad input to the Driscoll–Kraay, Newey–West and Conley variances, withVcov and fixef(): each a KitError
 * subclass naming the column or option. The haversine distance is checked against its closed form.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/index";
import { DataError, OptionsError, VarianceError } from "../lib/errors";
import { bartlettLag, haversineKm } from "../lib/variance/index";
import { readGoldenCsv } from "./helpers/golden";

const grunfeld = readGoldenCsv("grunfeld.csv");
const spatial = readGoldenCsv("spatial_panel.csv");
const model = "inv ~ value + capital | firm + year";

describe("Driscoll–Kraay and Newey–West refuse bad options", () => {
  it("a negative lag is an OptionsError naming the lag", () => {
    assert.throws(() => feols(model, grunfeld, { vcov: { driscollKraay: { time: "year", lag: -1 } } }), (e: Error) => e instanceof OptionsError && /driscollKraay\.lag/.test(e.message) && /-1/.test(e.message));
  });
  it("a lag that is not an integer is an OptionsError naming the lag", () => {
    assert.throws(() => feols(model, grunfeld, { vcov: { neweyWest: { unit: "firm", time: "year", lag: 1.5 } } }), (e: Error) => e instanceof OptionsError && /neweyWest\.lag/.test(e.message) && /1\.5/.test(e.message));
  });
  it("an unknown time column is a DataError naming it, its role and the nearest column", () => {
    assert.throws(() => feols(model, grunfeld, { vcov: { driscollKraay: { time: "yr" } } }), (e: Error) => e instanceof DataError && /^The Driscoll–Kraay time variable \(vcov: \{ driscollKraay: \{ time \} \}\) "yr" is not a column of the data\. .*year/.test(e.message));
    assert.throws(() => feols(model, grunfeld, { vcov: { neweyWest: { unit: "frm", time: "year" } } }), (e: Error) => e instanceof DataError && /^The Newey–West unit variable .*"frm"/.test(e.message));
  });
  it("a missing time option is an OptionsError naming driscollKraay.time", () => {
    assert.throws(() => feols(model, grunfeld, { vcov: { driscollKraay: {} } as never }), (e: Error) => e instanceof OptionsError && /driscollKraay\.time/.test(e.message));
  });
  it("a misspelt key inside the vcov option is an OptionsError that suggests the right one", () => {
    assert.throws(() => feols(model, grunfeld, { vcov: { neweyWest: { unit: "firm", time: "year", lags: 2 } } as never }), (e: Error) => e instanceof OptionsError && /"lags"/.test(e.message) && /"lag"/.test(e.message));
  });
  it("duplicate (unit, time) rows under Newey–West are a VarianceError naming both columns", () => {
    const doubled = { ...grunfeld, year: grunfeld.year.map((y, i) => (i === 1 ? grunfeld.year[0] : y)) };
    assert.throws(() => feols("inv ~ value + capital", doubled, { vcov: { neweyWest: { unit: "firm", time: "year" } } }), (e: Error) => e instanceof VarianceError && /"firm"/.test(e.message) && /"year"/.test(e.message));
  });
  it("the default lag is floor(T^(1/4)) and a lag above T − 1 is cut to T − 1", () => {
    assert.equal(bartlettLag(undefined, 20), 2); // fixest's label on Grunfeld: "Driscoll-Kraay (L=2)"
    assert.equal(bartlettLag(undefined, 12), 1);
    assert.equal(bartlettLag(30, 20), 19);
  });
});

describe("Conley refuses bad coordinates and cutoffs", () => {
  const options = (lat: string, cutoff = 500) => ({ vcov: { conley: { lat, lon: "lon", cutoff } } });
  it("a latitude outside ±90 is a DataError naming the latitude column", () => {
    const bad = { ...spatial, lat: spatial.lat.map((v, i) => (i === 5 ? 95 : v)) };
    assert.throws(() => feols("y ~ x1 + x2 | code + year", bad, options("lat")).se, (e: Error) => e instanceof DataError && /"lat"/.test(e.message) && /95/.test(e.message));
    assert.throws(() => feols("y ~ x1 + x2 | code + year", bad, { vcov: "iid" }).withVcov(options("lat").vcov), (e: Error) => e instanceof DataError && /"lat"/.test(e.message));
  });
  it("swapped latitude and longitude (longitudes of 100–125 as latitudes) are refused", () => {
    assert.throws(() => feols("y ~ x1 + x2 | code + year", spatial, { vcov: { conley: { lat: "lon", lon: "lat", cutoff: 500 } } }), (e: Error) => e instanceof DataError && /"lon"/.test(e.message) && /swap/.test(e.message));
  });
  it("a cutoff that is not a positive number of km is an OptionsError naming conley.cutoff", () => {
    assert.throws(() => feols("y ~ x1 + x2", spatial, options("lat", -5)), (e: Error) => e instanceof OptionsError && /conley\.cutoff/.test(e.message));
    assert.throws(() => feols("y ~ x1 + x2", spatial, options("lat", "500" as never)), (e: Error) => e instanceof OptionsError && /conley\.cutoff/.test(e.message));
  });
  it("haversine with R = 6376 km: one degree of longitude on the equator is 6376·π/180 km", () => {
    assert.ok(Math.abs(haversineKm(0, 10, 0, 11) - (6376 * Math.PI) / 180) < 1e-9);
    assert.ok(Math.abs(haversineKm(-90, 0, 90, 0) - 6376 * Math.PI) < 1e-9); // pole to pole: half a great circle
  });
});

describe("withVcov and fixef refuse what they cannot do", () => {
  it("withVcov to a column with missing values on the fit's rows is an OptionsError naming it", () => {
    const holes = { ...grunfeld, region: grunfeld.firm.map((f, i) => (i % 7 === 0 ? null : f)) };
    const fit = feols(model, holes, { vcov: "iid" });
    assert.throws(() => fit.withVcov({ cluster: "region" }), (e: Error) => e instanceof OptionsError && /"region"/.test(e.message) && /refit/.test(e.message));
  });
  it("withVcov with an unknown form is an OptionsError listing the forms", () => {
    const fit = feols(model, grunfeld);
    assert.throws(() => fit.withVcov({ driscollkraay: { time: "year" } } as never), (e: Error) => e instanceof OptionsError && /driscollKraay/.test(e.message));
  });
  it("fixef() of a model without fixed effects is an OptionsError", () => {
    assert.throws(() => feols("inv ~ value + capital", grunfeld).fixef(), (e: Error) => e instanceof OptionsError && /no fixed effects/.test(e.message));
  });
});
