// The scheduling module's public face: delivery slots, service appointments, resources and
// local-delivery route plans.
export { expireHolds, nextDeliverySlots } from "./bookings.js";
export { routePlanProblem } from "./route-plans.js";
export { schedulingRoutes } from "./routes.js";
