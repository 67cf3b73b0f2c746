import { describe, expect, it } from "vitest";
import { purchaseOrderMachine, transferMachine } from "../../src/domain/inbound.js";

describe("state machines as data", () => {
  it("lists what a document allows now", () => {
    expect(transferMachine.allowedActions("draft")).toEqual(["ship", "cancel"]);
    expect(transferMachine.allowedActions("in_transit")).toEqual(["receive"]);
    expect(transferMachine.allowedActions("received")).toEqual([]);
    expect(purchaseOrderMachine.allowedActions("partially_received")).toEqual(["receive", "close"]);
  });

  it("refuses with a reason that names the document, and checks where an action may lead", () => {
    expect(transferMachine.refusal("draft", "ship")).toBeNull();
    expect(transferMachine.refusal("in_transit", "ship", { subject: "Transfer tr_1" })).toBe(
      "Transfer tr_1 is in_transit; only a draft transfer can be shipped",
    );
    expect(transferMachine.refusal("in_transit", "receive", { to: "cancelled" })).toBe(
      "Transfer cannot go from in_transit to cancelled",
    );
    expect(purchaseOrderMachine.canMove("open", "closed")).toBe(true);
    expect(purchaseOrderMachine.canMove("received", "open")).toBe(false);
  });
});
