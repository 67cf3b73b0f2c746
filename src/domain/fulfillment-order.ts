// A fulfillment order's workflow at its location (Shopify's fulfillment-order vocabulary).
import { defineStateMachine } from "./state-machine.js";

export const FULFILLMENT_ORDER_STATUSES = [
  "open",
  "accepted",
  "in_progress",
  "fulfilled",
  "rejected",
  "cancelled",
] as const;
export type FulfillmentOrderStatus = (typeof FULFILLMENT_ORDER_STATUSES)[number];

/** Work not finished yet: stock is still committed for it at the location. */
export const OPEN_STATES: readonly FulfillmentOrderStatus[] = ["open", "accepted", "in_progress"];

export const fulfillmentOrderMachine = defineStateMachine<
  FulfillmentOrderStatus,
  "accept" | "start" | "fulfil" | "reject" | "cancel" | "close"
>("Fulfillment order", {
  accept: { from: ["open"], to: ["accepted"], refusal: "only an open fulfillment order can be accepted" },
  start: {
    from: ["open", "accepted"],
    to: ["in_progress"],
    refusal: "only an open or accepted fulfillment order can be started",
  },
  fulfil: { from: OPEN_STATES, to: ["fulfilled"], refusal: "its work is already finished" },
  reject: { from: OPEN_STATES, to: ["rejected"], refusal: "its work is already finished" },
  cancel: { from: OPEN_STATES, to: ["cancelled"], refusal: "its work is already finished" },
  /** Nothing left to do (lines released elsewhere): fulfilled if any unit was, else cancelled. */
  close: {
    from: OPEN_STATES,
    to: ["fulfilled", "cancelled"],
    refusal: "its work is already finished",
    internal: true,
  },
});

export type FulfillmentOrderAction = keyof typeof fulfillmentOrderMachine.transitions;
export const FULFILLMENT_ORDER_ACTIONS = Object.keys(
  fulfillmentOrderMachine.transitions,
) as FulfillmentOrderAction[];
