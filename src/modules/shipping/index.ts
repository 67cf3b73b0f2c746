// The shipping module's public face: packages, labels, carriers, shipments and tracking.

export type { Carrier } from "./carriers/carrier.js";
export {
  type DeliveryException,
  type DeliveryExceptionHandler,
  setDeliveryExceptionHandlers,
} from "./delivery-exceptions.js";
export { type Shipment, shipmentsOfOrders } from "./queries.js";
export { buyReturnLabel, type ReturnLabel, returnLabelPdf } from "./return-labels.js";
export { shippingRoutes } from "./routes.js";
