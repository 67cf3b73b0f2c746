// Forecast benchmark: accuracy of Ordo's per-series model selection against the seasonal naive
// on simulated daily demand with a known generating process, and the time it takes.
//
//   npm run bench -- forecast [--series 1000] [--horizon 28] [--history 728] [--seed 1]
//                             [--origins N] [--lead-time 7] [--mix smooth=1,seasonal=1,intermittent=1,lumpy=1]
//
// --origins overrides the selection's default (3 origins; 6 for intermittent series).
//
// For each series: simulate history + horizon days, hold out the last `horizon`, select a method
// by rolling-origin backtest on the history alone, forecast the horizon, score against the
// holdout. MASE is scaled by the in-sample seasonal-naive MAE (period 7) of the history. The
// "oracle" is the generating mean without promotion lift — the best a forecaster blind to the
// promotion calendar could know — so "captured" says how much of the attainable gain over the
// seasonal naive the selection gets. Pure computation: no database, no server.

import {
  classifyDemand,
  intervalCoverage,
  mase,
  naiveScale,
  naiveSquaredScale,
  planReplenishment,
  rmsse,
  SERIES_CLASSES,
  type SeriesClass,
  seasonalNaive,
  selectForecast,
  simulateCatalog,
} from "../src/domain/forecast/index.js";
import { arg } from "./support.js";

interface Row {
  seriesClass: SeriesClass;
  maseChosen: number;
  maseNaive: number;
  maseOracle: number;
  rmsseChosen: number;
  rmsseNaive: number;
  absChosen: number;
  absNaive: number;
  volume: number;
  coverage: number;
  backtestSkill: number;
  method: string;
  demandClass: string;
  ms: number;
  /** Lead-time demand in the holdout did not exceed the reorder point. */
  covered: boolean;
  /** A promotion fell inside that lead time (unannounced: no method here can see it coming). */
  promoInLeadTime: boolean;
}

const absoluteError = (actual: number[], forecast: number[]) =>
  actual.reduce((a, v, i) => a + Math.abs(v - forecast[i]!), 0);
const finite = (xs: number[]) => xs.filter(Number.isFinite);
const avg = (xs: number[]) => {
  const f = finite(xs);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : Number.NaN;
};
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "—");
const fix = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "—");
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};

function parseMix(text: string): Partial<Record<SeriesClass, number>> {
  const mix: Partial<Record<SeriesClass, number>> = {};
  for (const part of text.split(",")) {
    const [name, value] = part.split("=");
    if (!SERIES_CLASSES.includes(name as SeriesClass)) throw new Error(`unknown series class ${name}`);
    mix[name as SeriesClass] = Number(value);
  }
  return mix;
}

export default async function run(args: string[]): Promise<void> {
  const count = Number(arg(args, "series", "1000"));
  const h = Number(arg(args, "horizon", "28"));
  const history = Number(arg(args, "history", "728"));
  const seed = Number(arg(args, "seed", "1"));
  const originsArg = arg(args, "origins", "");
  const leadTime = Number(arg(args, "lead-time", "7"));
  const mixArg = arg(args, "mix", "");
  const level = 0.95;

  const catalog = simulateCatalog({
    count,
    days: history + h,
    seed,
    ...(mixArg ? { mix: parseMix(mixArg) } : {}),
  });
  const rows: Row[] = [];
  for (const s of catalog) {
    const past = s.values.slice(0, history);
    const actual = s.values.slice(history);
    const started = performance.now();
    const selection = selectForecast(past, {
      h,
      period: 7,
      level,
      ...(originsArg ? { origins: Number(originsArg) } : {}),
    });
    const ms = performance.now() - started;
    const naive = seasonalNaive(past, { h, period: 7, level }).point;
    const chosen = selection.forecast.point;
    const scale = naiveScale(past, 7);
    const squared = naiveSquaredScale(past, 7);
    const plan = planReplenishment({
      forecast: selection.forecast,
      history: past,
      intermittent: selection.profile.intermittent,
      serviceLevel: level,
      leadTimeDays: leadTime,
      onHand: 0,
      seed: 1,
    });
    const leadTimeDemand = actual.slice(0, leadTime).reduce((a, b) => a + b, 0);
    rows.push({
      seriesClass: s.seriesClass,
      maseChosen: mase(actual, chosen, scale),
      maseNaive: mase(actual, naive, scale),
      maseOracle: mase(actual, s.baseline.slice(history), scale),
      rmsseChosen: rmsse(actual, chosen, squared),
      rmsseNaive: rmsse(actual, naive, squared),
      absChosen: absoluteError(actual, chosen),
      absNaive: absoluteError(actual, naive),
      volume: actual.reduce((a, b) => a + b, 0),
      coverage: intervalCoverage(actual, selection.forecast.lower, selection.forecast.upper),
      backtestSkill: selection.skill,
      method: selection.method,
      demandClass: classifyDemand(past).demandClass,
      ms,
      covered: leadTimeDemand <= plan.reorderPoint,
      promoInLeadTime: s.promotions.some((d) => d >= history && d < history + leadTime),
    });
  }

  const perClass = SERIES_CLASSES.map((c) => ({
    name: c as string,
    rows: rows.filter((r) => r.seriesClass === c),
  }))
    .filter((g) => g.rows.length > 0)
    .concat([{ name: "overall", rows }]);

  console.log(
    `Forecast benchmark: ${count.toLocaleString("en-US")} simulated series, ${history} days of history, ` +
      `horizon ${h} days held out, seed ${seed}.`,
  );
  console.log(
    `Selection: rolling-origin backtest, ${originsArg || "3 (intermittent: 6)"} origins × ${h} days, on the history only. ` +
      "MASE scale: in-sample seasonal-naive MAE (period 7).",
  );
  console.log("");
  const header = [
    "class".padEnd(13),
    "series".padStart(6),
    "MASE chosen".padStart(12),
    "s-naive".padStart(8),
    "improve".padStart(8),
    "oracle".padStart(7),
    "captured".padStart(9),
    "WAPE chosen".padStart(12),
    "s-naive".padStart(8),
    "RMSSE chosen".padStart(13),
    "s-naive".padStart(8),
    "95% PI cov".padStart(11),
  ];
  console.log(header.join(" "));
  for (const g of perClass) {
    const mc = avg(g.rows.map((r) => r.maseChosen));
    const mn = avg(g.rows.map((r) => r.maseNaive));
    const mo = avg(g.rows.map((r) => r.maseOracle));
    const volume = g.rows.reduce((a, r) => a + r.volume, 0);
    console.log(
      [
        g.name.padEnd(13),
        String(g.rows.length).padStart(6),
        fix(mc).padStart(12),
        fix(mn).padStart(8),
        pct(1 - mc / mn).padStart(8),
        fix(mo).padStart(7),
        pct((mn - mc) / (mn - mo)).padStart(9),
        pct(g.rows.reduce((a, r) => a + r.absChosen, 0) / volume).padStart(12),
        pct(g.rows.reduce((a, r) => a + r.absNaive, 0) / volume).padStart(8),
        fix(avg(g.rows.map((r) => r.rmsseChosen))).padStart(13),
        fix(avg(g.rows.map((r) => r.rmsseNaive))).padStart(8),
        pct(avg(g.rows.map((r) => r.coverage))).padStart(11),
      ].join(" "),
    );
  }
  const overallChosen = avg(rows.map((r) => r.maseChosen));
  const overallNaive = avg(rows.map((r) => r.maseNaive));
  const overallOracle = avg(rows.map((r) => r.maseOracle));
  const improvement = 1 - overallChosen / overallNaive;
  console.log("");
  console.log(
    `Target ≥ 20 % lower MASE than seasonal naive: overall ${pct(improvement)} — ${improvement >= 0.2 ? "met" : "not met"}` +
      ` (the promotion-blind oracle itself reaches ${pct(1 - overallOracle / overallNaive)}).`,
  );
  for (const g of perClass.slice(0, -1)) {
    const mc = avg(g.rows.map((r) => r.maseChosen));
    const mn = avg(g.rows.map((r) => r.maseNaive));
    const mo = avg(g.rows.map((r) => r.maseOracle));
    console.log(
      `  ${g.name.padEnd(13)} chosen ${pct(1 - mc / mn).padStart(7)}   oracle ${pct(1 - mo / mn).padStart(7)}`,
    );
  }
  console.log(
    "  On intermittent and lumpy series even the true mean barely beats the seasonal naive on MASE: an absolute",
  );
  console.log(
    "  error is minimised by the median, which is 0 for an item selling on fewer than half the days. RMSSE (the",
  );
  console.log("  M5 measure, minimised by the mean that replenishment needs) shows the gain there.");

  const times = rows.map((r) => r.ms);
  console.log("");
  console.log(
    "Forecasting time per series (classification, backtest of every candidate, final fit): " +
      `mean ${avg(times).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, ` +
      `total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s (one thread).`,
  );

  console.log("");
  console.log("Chosen methods per class:");
  for (const g of perClass.slice(0, -1)) {
    const counts = new Map<string, number>();
    for (const r of g.rows) counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
    const text = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([m, c]) => `${m} ${c}`)
      .join(", ");
    console.log(`  ${g.name.padEnd(13)} ${text}`);
  }
  console.log("Syntetos–Boylan class of the history (ADI 1.32, CV² 0.49) per generating class:");
  for (const g of perClass.slice(0, -1)) {
    const counts = new Map<string, number>();
    for (const r of g.rows) counts.set(r.demandClass, (counts.get(r.demandClass) ?? 0) + 1);
    console.log(`  ${g.name.padEnd(13)} ${[...counts.entries()].map(([m, c]) => `${m} ${c}`).join(", ")}`);
  }

  // Does the backtest tell a manager when to trust the forecast?
  const trusted = rows.filter((r) => r.backtestSkill >= 0.1 && Number.isFinite(r.maseNaive));
  const notTrusted = rows.filter((r) => r.backtestSkill < 0.1 && Number.isFinite(r.maseNaive));
  const beats = (rs: Row[]) => rs.filter((r) => r.maseChosen < r.maseNaive).length / rs.length;
  console.log("");
  console.log(
    `Backtest as a trust signal: series whose backtest MASE is ≥ 10 % below the seasonal naive's (${trusted.length}) ` +
      `beat it on the holdout in ${pct(beats(trusted))}; the others (${notTrusted.length}) in ${pct(beats(notTrusted))}.`,
  );
  console.log(
    `Reorder points at 95 % cycle service, lead time ${leadTime} days (normal safety stock; bootstrap for intermittent):`,
  );
  const share = (rs: Row[]) => (rs.length ? pct(rs.filter((r) => r.covered).length / rs.length) : "—");
  for (const g of perClass) {
    const calm = g.rows.filter((r) => !r.promoInLeadTime);
    const promo = g.rows.filter((r) => r.promoInLeadTime);
    console.log(
      `  ${g.name.padEnd(13)} holdout lead-time demand within the reorder point: ${share(g.rows).padStart(7)}` +
        `   without a promotion in the lead time ${share(calm).padStart(7)} (${calm.length})` +
        `   with one ${share(promo).padStart(7)} (${promo.length})`,
    );
  }

  console.log("");
  console.log("Context only — M5 competition (Walmart, 30,490 daily series, 28-day horizon), WRMSSE:");
  console.log(
    "  winner 0.520 · exponential smoothing bottom-up 0.671 · seasonal naive 0.847 (−39 % and −21 % vs the naive).",
  );
  console.log(
    "  Not comparable with the figures above: different data (real sales with prices, events, SNAP days), a",
  );
  console.log(
    "  different measure (RMSSE weighted by revenue across 12 aggregation levels) and a known-process simulation here.",
  );
}
