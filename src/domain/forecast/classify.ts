// Demand classification of Syntetos, Boylan & Croston (2005): the average inter-demand interval
// (ADI) and the squared coefficient of variation of the non-zero sizes (CV²), with their cut-offs
// 1.32 and 0.49, which are where Croston/SBA start to beat smoothing of the daily series.
//
//             CV² < 0.49     CV² ≥ 0.49
//   ADI < 1.32  smooth         erratic       → continuous methods (smoothing, Theta, naive)
//   ADI ≥ 1.32  intermittent   lumpy         → intermittent methods (Croston, SBA, TSB, naive)

import { demandOccurrences } from "./croston.js";
import { mean, variance } from "./stats.js";

export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy" | "no-demand";

export interface DemandProfile {
  demandClass: DemandClass;
  /** Mean periods between demands (1 = demand every day); Infinity with no demand. */
  adi: number;
  /** CV² of the non-zero demand sizes (0 with fewer than two). */
  cv2: number;
  /** Share of periods with zero demand. */
  zeroShare: number;
  intermittent: boolean;
}

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export function classifyDemand(y: readonly number[]): DemandProfile {
  const { sizes, intervals } = demandOccurrences(y);
  const zeroShare = y.length ? 1 - sizes.length / y.length : 1;
  if (sizes.length === 0)
    return { demandClass: "no-demand", adi: Infinity, cv2: 0, zeroShare, intermittent: true };
  const adi = mean(intervals);
  const m = mean(sizes);
  const cv2 = sizes.length > 1 && m > 0 ? variance(sizes) / (m * m) : 0;
  const intermittent = adi >= ADI_CUTOFF;
  const demandClass: DemandClass = intermittent
    ? cv2 >= CV2_CUTOFF
      ? "lumpy"
      : "intermittent"
    : cv2 >= CV2_CUTOFF
      ? "erratic"
      : "smooth";
  return { demandClass, adi, cv2, zeroShare, intermittent };
}
