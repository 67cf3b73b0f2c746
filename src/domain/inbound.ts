// The workflows of stock on its way in: transfers between locations and purchase orders.
import { defineStateMachine } from "./state-machine.js";

export const TRANSFER_STATUSES = [
  "draft",
  "in_transit",
  "partially_received",
  "received",
  "cancelled",
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const transferMachine = defineStateMachine<TransferStatus, "ship" | "cancel" | "receive">("Transfer", {
  ship: { from: ["draft"], to: ["in_transit"], refusal: "only a draft transfer can be shipped" },
  cancel: { from: ["draft"], to: ["cancelled"], refusal: "only a draft transfer can be cancelled" },
  receive: {
    from: ["in_transit", "partially_received"],
    to: ["partially_received", "received"],
    refusal: "only a shipped transfer can be received",
  },
});

export const PURCHASE_ORDER_STATUSES = [
  "open",
  "partially_received",
  "received",
  "closed",
  "cancelled",
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const purchaseOrderMachine = defineStateMachine<PurchaseOrderStatus, "receive" | "close">(
  "Purchase order",
  {
    receive: {
      from: ["open", "partially_received"],
      to: ["partially_received", "received", "closed"],
      refusal: "it cannot receive stock",
    },
    close: {
      from: ["open", "partially_received"],
      to: ["closed", "cancelled"],
      refusal: "it cannot be closed",
    },
  },
);
