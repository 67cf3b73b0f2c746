// The shipping module's public face: packages, labels, carriers, shipments and tracking.

export type { Carrier } from "./carriers/carrier.js";
export { type Shipment, shipmentsOfOrders } from "./queries.js";
export { shippingRoutes } from "./routes.js";
