// A shipment (one package) from packing to delivery. Its carrier-side progress is tracked
// separately (tracking.ts); this is what Ordo itself lets people do with it.
import { defineStateMachine } from "../state-machine.js";

export const SHIPMENT_STATUSES = [
  "packed",
  "label_purchased",
  "shipped",
  "ready_for_pickup",
  "delivered",
  "cancelled",
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Not left the building yet: its units still count as committed stock at the location. */
export const UNSHIPPED_STATES: readonly ShipmentStatus[] = ["packed", "label_purchased", "ready_for_pickup"];

export const shipmentMachine = defineStateMachine<
  ShipmentStatus,
  "buy_label" | "void_label" | "ship" | "ready_for_pickup" | "hand_over" | "unpack" | "deliver"
>("Shipment", {
  buy_label: { from: ["packed"], to: ["label_purchased"], refusal: "a label is bought for a packed package" },
  void_label: { from: ["label_purchased"], to: ["packed"], refusal: "only an unshipped label can be voided" },
  ship: {
    from: ["packed", "label_purchased"],
    to: ["shipped"],
    refusal: "only a packed package can ship",
  },
  ready_for_pickup: {
    from: ["packed"],
    to: ["ready_for_pickup"],
    refusal: "only a packed package can be made ready for pickup",
  },
  hand_over: {
    from: ["ready_for_pickup"],
    to: ["delivered"],
    refusal: "only a package ready for pickup can be handed over",
  },
  unpack: {
    from: ["packed", "ready_for_pickup"],
    to: ["cancelled"],
    refusal: "only a package without a label that has not shipped can be unpacked",
  },
  /** The carrier says it arrived. */
  deliver: {
    from: ["shipped"],
    to: ["delivered"],
    refusal: "only a shipped package can be delivered",
    internal: true,
  },
});

export type ShipmentAction = keyof typeof shipmentMachine.transitions;
export const SHIPMENT_ACTIONS = Object.keys(shipmentMachine.transitions) as ShipmentAction[];
