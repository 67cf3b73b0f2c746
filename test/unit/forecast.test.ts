// Forecasting and replenishment maths against values computed by hand on tiny series, plus the
// behaviours the benchmark relies on (selection picks the right family on simulated series).
import { describe, expect, it } from "vitest";
import {
  backtestOrigins,
  bootstrapLeadTimeDemand,
  bottomUp,
  classifyDemand,
  cleanSpikes,
  croston,
  drawSpec,
  economicOrderQuantity,
  type Forecast,
  forecastNetwork,
  holt,
  holtWintersAdditive,
  holtWintersMultiplicative,
  intervalCoverage,
  isSeasonal,
  mase,
  mulberry32,
  naiveScale,
  naiveSquaredScale,
  normalQuantile,
  planReplenishment,
  quantile,
  recentShares,
  rmsse,
  safetyStock,
  sba,
  seasonalNaive,
  selectForecast,
  ses,
  simulateCatalog,
  simulateSeries,
  theta,
  topDown,
  tsb,
  wape,
} from "../../src/domain/forecast/index.js";
import { nelderMead } from "../../src/domain/forecast/optimize.js";
import { multiplicativeIndices } from "../../src/domain/forecast/theta.js";

const Z95 = 1.6448536269514722;

describe("seasonal naive", () => {
  it("repeats the last season, with σ growing by √(k+1) per season ahead", () => {
    const y = Array.from({ length: 14 }, (_, i) => i + 1);
    const f = seasonalNaive(y, { h: 9, period: 7 });
    expect(f.point).toEqual([8, 9, 10, 11, 12, 13, 14, 8, 9]);
    // Every seasonal difference is 7, so σ = 7.
    expect(f.sigma[0]).toBeCloseTo(7, 10);
    expect(f.sigma[7]).toBeCloseTo(7 * Math.SQRT2, 10);
    expect(f.upper[0]).toBeCloseTo(8 + 1.959963984540054 * 7, 8);
    expect(f.fitted.slice(7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("simple exponential smoothing", () => {
  it("follows ℓ ← ℓ + α·e with α and ℓ0 fixed", () => {
    // ℓ0 = 3: fitted 3, 3, 4 (e = 0, 2, 0); final level 4.
    const f = ses([3, 5, 4], { h: 2, alpha: 0.5, level0: 3 });
    expect(f.fitted).toEqual([3, 3, 4]);
    expect(f.point).toEqual([4, 4]);
    // σ² = SSE/(n − 2) = 4; σ_2 = σ·√(1 + α²); the sum of two steps: σ·√((1 + α)² + 1).
    expect(f.sigma[0]).toBeCloseTo(2, 10);
    expect(f.sigma[1]).toBeCloseTo(2 * Math.sqrt(1.25), 10);
    expect(f.cumulativeSigma[1]).toBeCloseTo(2 * Math.sqrt(3.25), 10);
    expect(f.params.alpha).toBe(0.5);
  });

  it("fits a small α on a noisy flat series and forecasts near its mean", () => {
    const rand = mulberry32(3);
    const y = Array.from({ length: 300 }, () => 20 + (rand() - 0.5) * 10);
    const f = ses(y, { h: 5 });
    expect(f.params.alpha).toBeLessThan(0.2);
    expect(f.point[0]).toBeGreaterThan(18.5);
    expect(f.point[0]).toBeLessThan(21.5);
  });
});

describe("Holt and Holt–Winters", () => {
  it("Holt: level and trend by hand (α 0.5, β 0.25, ℓ0 10, b0 1)", () => {
    // t0: ŷ 11, e 1 → ℓ 11.5, b 1.25; t1: ŷ 12.75, e 0.25 → ℓ 12.875, b 1.3125.
    const f = holt([12, 13], { h: 2, damped: false, alpha: 0.5, beta: 0.25, level0: 10, trend0: 1 });
    expect(f.fitted).toEqual([11, 12.75]);
    expect(f.point[0]).toBeCloseTo(14.1875, 10);
    expect(f.point[1]).toBeCloseTo(15.5, 10);
  });

  it("additive seasons by hand (m 2, α 0.5, γ 0.25)", () => {
    const f = holtWintersAdditive([12, 8, 14, 10], {
      h: 3,
      period: 2,
      alpha: 0.5,
      gamma: 0.25,
      initial: { level: 10, trend: 0, seasons: [2, -2] },
    });
    // t2: e 2 → ℓ 11, s0 2.5; t3: ŷ 9, e 1 → ℓ 11.5, s1 −1.75.
    expect(f.method).toBe("holt-winters-additive");
    expect(f.point[0]).toBeCloseTo(14, 10);
    expect(f.point[1]).toBeCloseTo(9.75, 10);
    expect(f.point[2]).toBeCloseTo(14, 10);
  });

  it("multiplicative seasons by hand (m 2, α 0.5, γ 0.25)", () => {
    const f = holtWintersMultiplicative([12, 8, 15, 8.8], {
      h: 2,
      period: 2,
      alpha: 0.5,
      gamma: 0.25,
      initial: { level: 10, trend: 0, seasons: [1.2, 0.8] },
    });
    // t2: e 3 → ℓ 10 + 0.5·3/1.2 = 11.25, s0 1.2 + 0.25·3/10 = 1.275;
    // t3: ŷ 9, e −0.2 → ℓ 11.125, s1 0.8 − 0.05/11.25.
    expect(f.point[0]).toBeCloseTo(11.125 * 1.275, 10);
    expect(f.point[1]).toBeCloseTo(11.125 * (0.8 - 0.05 / 11.25), 10);
  });

  it("recovers a clean weekly pattern", () => {
    const pattern = [10, 10, 12, 12, 16, 24, 16];
    const y = Array.from({ length: 140 }, (_, t) => pattern[t % 7]!);
    for (const method of [holtWintersAdditive, holtWintersMultiplicative]) {
      const f = method(y, { h: 7 });
      f.point.forEach((p, i) => {
        expect(p).toBeCloseTo(pattern[i]!, 1);
      });
    }
  });
});

describe("Theta", () => {
  it("is SES plus half the slope as drift (α 0.5, ℓ0 1, on 1…6)", () => {
    // SES levels 1, 1.5, 2.25, 3.125, 4.0625, 5.03125; b = 1; (1 − 0.5⁶)/0.5 = 1.96875.
    const f = theta([1, 2, 3, 4, 5, 6], { h: 2, alpha: 0.5, level0: 1, seasonal: false });
    expect(f.point[0]).toBeCloseTo(5.03125 + 0.5 * 1.96875, 10);
    expect(f.point[1]).toBeCloseTo(5.03125 + 0.5 * (1 + 1.96875), 10);
    expect(f.params.drift).toBeCloseTo(0.5, 10);
  });

  it("detects weekly seasonality and divides it out with classical indices", () => {
    const pattern = [1, 1, 1, 1, 2, 3, 1];
    const y = Array.from({ length: 28 }, (_, t) => pattern[t % 7]!);
    expect(isSeasonal(y, 7)).toBe(true);
    expect(
      isSeasonal(
        Array.from({ length: 28 }, (_, t) => 5 + (t % 2)),
        7,
      ),
    ).toBe(false);
    const indices = multiplicativeIndices(y, 7)!;
    pattern.forEach((p, j) => {
      expect(indices[j]).toBeCloseTo(p * 0.7, 10);
    });
    const f = theta(y, { h: 7 });
    expect(f.params.seasonal).toBe(1);
    f.point.forEach((p, i) => {
      expect(p).toBeCloseTo(pattern[i]!, 6);
    });
  });
});

describe("Croston, SBA and TSB", () => {
  const y = [0, 2, 0, 0, 4];

  it("Croston smooths size and interval on demand days (α 0.5, mean initialisation)", () => {
    // z0 = mean(2, 4) = 3, p0 = mean(2, 3) = 2.5; t1: z 2.5, p 2.25; t4: z 3.25, p 2.625.
    const f = croston(y, { h: 3, alpha: 0.5 });
    expect(f.point[0]).toBeCloseTo(3.25 / 2.625, 10);
    expect(f.point).toHaveLength(3);
    expect(f.fitted[0]).toBeCloseTo(1.2, 10);
    expect(f.fitted[2]).toBeCloseTo(2.5 / 2.25, 10);
  });

  it("SBA removes Croston's bias with the factor 1 − α/2", () => {
    expect(sba(y, { h: 1, alpha: 0.5 }).point[0]).toBeCloseTo((0.75 * 3.25) / 2.625, 10);
  });

  it("TSB smooths the demand probability every day (α 0.5, β 0.5)", () => {
    // p0 0.4, z0 3; p: 0.2, 0.6, 0.3, 0.15, 0.575; z: 2.5 (t1), 3.25 (t4).
    const f = tsb(y, { h: 1, alpha: 0.5, beta: 0.5 });
    expect(f.point[0]).toBeCloseTo(0.575 * 3.25, 10);
    expect(f.params.probability).toBeCloseTo(0.575, 10);
  });

  it("TSB decays towards zero when an item stops selling; Croston stays frozen", () => {
    const dying = [...Array.from({ length: 60 }, (_, t) => (t % 3 === 0 ? 3 : 0)), ...new Array(60).fill(0)];
    expect(tsb(dying, { h: 1 }).point[0]).toBeLessThan(0.1);
    expect(croston(dying, { h: 1 }).point[0]).toBeGreaterThan(0.5);
  });
});

describe("accuracy measures", () => {
  const insample = [2, 4, 6, 8, 10, 12, 14, 3, 5, 7, 9, 11, 13, 15]; // every seasonal difference is 1

  it("MASE, WAPE and RMSSE by hand", () => {
    expect(naiveScale(insample, 7)).toBe(1);
    expect(naiveSquaredScale(insample, 7)).toBe(1);
    expect(mase([10, 20], [12, 17], naiveScale(insample, 7))).toBeCloseTo(2.5, 12);
    expect(wape([10, 20], [12, 17])).toBeCloseTo(5 / 30, 12);
    expect(rmsse([10, 20], [12, 17], 1)).toBeCloseTo(Math.sqrt(6.5), 12);
    expect(intervalCoverage([1, 5, 9], [0, 0, 0], [2, 6, 8])).toBeCloseTo(2 / 3, 12);
  });

  it("has no MASE when the in-sample naive is perfect, and no WAPE without volume", () => {
    expect(mase([1], [0], naiveScale([0, 0, 0, 0, 0, 0, 0, 0], 7))).toBeNaN();
    expect(wape([0, 0], [1, 1])).toBeNaN();
  });
});

describe("demand classification (Syntetos–Boylan)", () => {
  it("splits on ADI 1.32 and CV² 0.49", () => {
    expect(classifyDemand([5, 5, 5, 5]).demandClass).toBe("smooth");
    expect(classifyDemand([1, 9, 1, 9]).demandClass).toBe("erratic");
    const intermittent = classifyDemand([0, 0, 3, 0, 0, 3, 0, 0, 3]);
    expect(intermittent).toMatchObject({ demandClass: "intermittent", adi: 3, cv2: 0, intermittent: true });
    // sizes 1, 10, 1: mean 4, sample variance 27 → CV² 27/16.
    const lumpy = classifyDemand([0, 0, 1, 0, 0, 10, 0, 0, 1]);
    expect(lumpy.demandClass).toBe("lumpy");
    expect(lumpy.cv2).toBeCloseTo(27 / 16, 12);
    expect(classifyDemand([0, 0, 0]).demandClass).toBe("no-demand");
  });
});

describe("numerics", () => {
  it("inverts the normal distribution to full precision (R's qnorm values)", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.95)).toBeCloseTo(Z95, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 13);
    expect(normalQuantile(0.05)).toBeCloseTo(-Z95, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it("finds the minimum of a bounded quadratic, and stays inside the box", () => {
    const f = (x: readonly number[]) => (x[0]! - 0.3) ** 2 + (x[1]! - 0.7) ** 2;
    const inside = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] }, { maxEvaluations: 400 });
    expect(inside.x[0]).toBeCloseTo(0.3, 3);
    expect(inside.x[1]).toBeCloseTo(0.7, 3);
    const edge = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 0.5] }, { maxEvaluations: 400 });
    expect(edge.x[1]).toBeCloseTo(0.5, 6);
  });

  it("takes quantiles like R's type 7", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
  });
});

describe("spike cleaning", () => {
  it("replaces a one-day spike with the same-weekday median and leaves the rest", () => {
    const pattern = [10, 11, 9, 10, 14, 18, 12];
    const y = Array.from({ length: 70 }, (_, t) => pattern[t % 7]! + (t % 3));
    y[40] = 80;
    const { cleaned, replaced } = cleanSpikes(y, 7);
    expect(replaced).toEqual([40]);
    expect(cleaned[40]).toBeLessThan(25);
    expect(cleaned.filter((v, t) => v !== y[t]).length).toBe(1);
  });
});

describe("model selection", () => {
  it("uses the last origins that leave enough history", () => {
    expect(backtestOrigins(100, 10, 3, 10, 28)).toEqual([70, 80, 90]);
    expect(backtestOrigins(50, 10, 3, 10, 28)).toEqual([30, 40]);
  });

  it("picks a seasonal method for a clearly seasonal series and reports the naive next to it", () => {
    const rand = mulberry32(11);
    const spec = {
      ...drawSpec("seasonal", rand),
      level: 40,
      weekly: [0.6, 0.6, 0.7, 0.8, 1.2, 1.8, 1.3],
      promoRate: 0,
    };
    const y = simulateSeries(spec, 364, rand).values;
    const s = selectForecast(y, { h: 28 });
    expect(s.profile.intermittent).toBe(false);
    const seasonal =
      s.method === "holt-winters-additive" ||
      s.method === "holt-winters-multiplicative" ||
      (s.method === "theta" && s.forecast.params.seasonal === 1);
    expect(seasonal).toBe(true);
    expect(s.backtest.origins).toEqual([280, 308, 336]);
    expect(s.seasonalNaive?.mase).toBeGreaterThan(s.chosen!.mase);
    expect(s.skill).toBeGreaterThan(0.1);
    expect(s.forecast.point).toHaveLength(28);
  });

  it("picks an intermittent method for a long-tail series", () => {
    const rand = mulberry32(5);
    const y = simulateSeries({ ...drawSpec("intermittent", rand), occurrence: 0.12 }, 364, rand).values;
    const s = selectForecast(y, { h: 28 });
    expect(s.profile.intermittent).toBe(true);
    expect(["croston", "sba", "tsb", "seasonal-naive"]).toContain(s.method);
    expect(s.backtest.scores.map((x) => x.method)).toEqual(["seasonal-naive", "sba", "croston", "tsb"]);
    expect(s.forecast.lower.every((v) => v >= 0)).toBe(true);
  });

  it("falls back to a robust default when the history is too short to backtest", () => {
    const s = selectForecast([3, 4, 5, 4, 3, 4, 5, 4], { h: 7 });
    expect(s.method).toBe("ses");
    expect(s.chosen).toBeNull();
    expect(s.seasonalNaive).toBeNull();
    expect(s.skill).toBeNaN();
  });
});

describe("simulator", () => {
  it("is deterministic per seed and keeps the class mix", () => {
    const a = simulateCatalog({ count: 8, days: 30, seed: 4 });
    const b = simulateCatalog({ count: 8, days: 30, seed: 4 });
    expect(a.map((s) => s.values)).toEqual(b.map((s) => s.values));
    expect(a.map((s) => s.seriesClass)).toEqual([
      "smooth",
      "smooth",
      "seasonal",
      "seasonal",
      "intermittent",
      "intermittent",
      "lumpy",
      "lumpy",
    ]);
    expect(a.every((s) => s.values.every((v) => Number.isInteger(v) && v >= 0))).toBe(true);
  });
});

describe("network reconciliation", () => {
  const a = Array.from({ length: 84 }, (_, t) => 3 + (t % 7 === 5 ? 3 : 0));
  const b = Array.from({ length: 84 }, (_, t) => 1 + (t % 7 === 6 ? 1 : 0));

  it("bottom-up: the network is the sum of the locations", () => {
    const n = forecastNetwork(
      [
        { location: "a", history: a },
        { location: "b", history: b },
      ],
      { h: 14 },
    );
    expect(n.method).toBe("bottom-up");
    n.network.point.forEach((p, i) => {
      expect(p).toBeCloseTo(n.locations[0]!.point[i]! + n.locations[1]!.point[i]!, 10);
    });
    expect(n.locations[0]!.share + n.locations[1]!.share).toBeCloseTo(1, 10);
  });

  it("bottom-up σ follows the measured co-movement of the locations", () => {
    const fc = (fitted: number[]): Forecast => ({
      method: "ses",
      point: [1],
      lower: [0],
      upper: [2],
      level: 0.95,
      sigma: [1],
      cumulativeSigma: [1],
      fitted,
      params: {},
    });
    // Identical residuals (perfect correlation): σ of the sum is 2, not √2.
    const together = bottomUp([
      { location: "x", forecast: fc([0, 0, 0, 0]), history: [1, -1, 1, -1] },
      { location: "y", forecast: fc([0, 0, 0, 0]), history: [1, -1, 1, -1] },
    ]);
    expect(together.network.sigma[0]).toBeCloseTo(2, 10);
  });

  it("top-down: shares of the last 8 weeks split the network forecast", () => {
    expect(
      recentShares([
        { location: "a", history: [0, 0, 3, 3] },
        { location: "b", history: [0, 0, 1, 1] },
      ]),
    ).toEqual([0.75, 0.25]);
    const total = a.map((v, t) => v + b[t]!);
    const network = seasonalNaive(total, { h: 7 });
    const td = topDown(network, [
      { location: "a", history: a },
      { location: "b", history: b },
    ]);
    td.network.point.forEach((p, i) => {
      expect(td.locations[0]!.point[i]! + td.locations[1]!.point[i]!).toBeCloseTo(p, 10);
    });
    expect(td.locations[0]!.share).toBeCloseTo(0.75, 2);
  });

  it("refuses histories that do not cover the same days", () => {
    expect(() =>
      forecastNetwork(
        [
          { location: "a", history: [1, 2, 3] },
          { location: "b", history: [1, 2] },
        ],
        { h: 1 },
      ),
    ).toThrow(/same days/);
  });
});

describe("replenishment", () => {
  it("safety stock combines demand and lead-time variability", () => {
    // D 10, σ_D 3, L 4, σ_L 1: z·√(4·9 + 100·1) = 1.6449 · √136.
    expect(
      safetyStock({
        serviceLevel: 0.95,
        meanDailyDemand: 10,
        sdDailyDemand: 3,
        leadTimeDays: 4,
        leadTimeSdDays: 1,
      }),
    ).toBeCloseTo(Z95 * Math.sqrt(136), 10);
    expect(
      safetyStock({ serviceLevel: 0.95, meanDailyDemand: 10, sdDailyDemand: 3, leadTimeDays: 4 }),
    ).toBeCloseTo(Z95 * 6, 10);
    expect(
      safetyStock({
        serviceLevel: 0.95,
        meanDailyDemand: 10,
        sdDailyDemand: 0,
        leadTimeDays: 4,
        leadTimeSdDays: 2,
      }),
    ).toBeCloseTo(Z95 * 20, 10);
  });

  it("EOQ is √(2DK/h)", () => {
    expect(economicOrderQuantity(1000, 50, 2.5)).toBeCloseTo(200, 10);
    expect(economicOrderQuantity(0, 50, 2.5)).toBe(0);
  });

  const flat: Forecast = {
    method: "ses",
    point: new Array(28).fill(10),
    lower: new Array(28).fill(4),
    upper: new Array(28).fill(16),
    level: 0.95,
    sigma: new Array(28).fill(3),
    cumulativeSigma: Array.from({ length: 28 }, (_, i) => 3 * Math.sqrt(i + 1)),
    fitted: [],
    params: {},
  };

  it("reorder point, order-up-to level and the suggested order for known inputs", () => {
    const plan = planReplenishment({
      forecast: flat,
      serviceLevel: 0.95,
      leadTimeDays: 4,
      leadTimeSdDays: 1,
      reviewDays: 7,
      onHand: 30,
      onOrder: 10,
      committed: 5,
      packSize: 12,
    });
    expect(plan.leadTimeDemand).toBe(40);
    expect(plan.reorderPoint).toBeCloseTo(40 + Z95 * Math.sqrt(136), 8);
    expect(plan.orderUpTo).toBeCloseTo(110 + Z95 * Math.sqrt(11 * 9 + 100), 8);
    expect(plan.inventoryPosition).toBe(35);
    // S − IP = 98.2 → rounded up to packs of 12.
    expect(plan.suggestedOrder).toBe(108);
    expect(plan.status).toBe("reorder");
  });

  it("orders the EOQ when it is larger than the gap, capped at the days of cover", () => {
    const base = { forecast: flat, serviceLevel: 0.95, leadTimeDays: 4, onHand: 0, orderCost: 100 };
    // Annual demand 3,650: EOQ √(2·3650·100/1) ≈ 854, capped at 90 days · 10 = 900 → 854.
    expect(planReplenishment({ ...base, holdingCostPerUnitYear: 1 }).suggestedOrder).toBe(855);
    // Cheap to order, dear to hold: EOQ 85 < the gap, which wins.
    const gap = planReplenishment({ ...base, holdingCostPerUnitYear: 100 });
    expect(gap.suggestedOrder).toBe(Math.ceil(gap.orderUpTo));
    expect(planReplenishment({ ...base, holdingCostPerUnitYear: 0.01 }).suggestedOrder).toBe(900);
  });

  it("classifies over-stock and dead stock", () => {
    const over = planReplenishment({ forecast: flat, serviceLevel: 0.95, leadTimeDays: 4, onHand: 1000 });
    expect(over.status).toBe("overstock");
    expect(over.excessUnits).toBeCloseTo(1000 - over.orderUpTo - 600, 8);
    expect(over.suggestedOrder).toBe(0);
    const dead = planReplenishment({
      forecast: { ...flat, point: new Array(28).fill(0) },
      history: [...new Array(100).fill(1), ...new Array(120).fill(0)],
      serviceLevel: 0.95,
      leadTimeDays: 4,
      onHand: 5,
    });
    expect(dead.status).toBe("dead-stock");
    expect(dead.excessUnits).toBe(5);
  });

  it("bootstraps lead-time demand for intermittent items, reproducibly", () => {
    // Two units every fourth day: 0.5 a day, 4 over an 8-day lead time.
    const history = Array.from({ length: 400 }, (_, t) => (t % 4 === 3 ? 2 : 0));
    const once = bootstrapLeadTimeDemand(history, { leadTimeDays: 8, seed: 7 });
    const again = bootstrapLeadTimeDemand(history, { leadTimeDays: 8, seed: 7 });
    expect(once.samples).toEqual(again.samples);
    expect(once.mean).toBeGreaterThan(3.4);
    expect(once.mean).toBeLessThan(4.6);
    expect(once.quantile(0.95)).toBeGreaterThanOrEqual(once.quantile(0.5));
    const plan = planReplenishment({
      forecast: croston(history, { h: 28 }),
      history,
      intermittent: true,
      serviceLevel: 0.95,
      leadTimeDays: 8,
      onHand: 0,
    });
    expect(plan.leadTimeModel).toBe("bootstrap");
    expect(plan.reorderPoint).toBeGreaterThanOrEqual(plan.leadTimeDemand);
    expect(plan.orderUpTo).toBeGreaterThanOrEqual(plan.reorderPoint);
  });
});
