// The returns module's public face: returns (RMAs), their policies, refunds and store credit.
export { returnRoutes } from "./routes.js";
