// The forecasting API's shapes, inferred from its Zod schemas (type-only: nothing of the server
// ends up in the bundle).
import type * as forecasting from "@ordo/modules/forecasting/schemas.js";
import type { z } from "zod";

export type Forecast = z.output<typeof forecasting.forecastSchema>;
export type ForecastAccuracy = Forecast["accuracy"];
export type SkuForecast = z.output<typeof forecasting.skuForecastSchema>;
export type ForecastWithHistory = SkuForecast["network"];
export type Suggestions = z.output<typeof forecasting.suggestionsSchema>;
export type ReplenishmentLine = Suggestions["lines"][number];
