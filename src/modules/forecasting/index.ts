// The forecasting module's public face: demand forecasts per SKU × location and replenishment.
export { forecastingRoutes } from "./routes.js";
export { runForecasts } from "./run.js";
export { seedDemandHistory } from "./simulate.js";
