// The analytics module's public face: order facts and the daily KPI rollup, kept in the order's
// transaction by the two hooks below (wired in src/flows/wiring.ts), and the KPI routes.
export { factOnCapture, factOnChange } from "./facts.js";
export { analyticsRoutes } from "./routes.js";
export { verifyAnalytics } from "./service.js";
