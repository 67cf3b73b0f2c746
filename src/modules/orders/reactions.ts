// Hooks other capabilities hang on orders, in the order's own transaction (connected in
// src/flows/wiring.ts, so orders never imports them): payments authorizes a captured order and
// charges or releases money as its lines ship or are cancelled.
import type { Executor } from "../../db/transaction.js";
import type { RequestContext } from "../access/index.js";
import type { OrderPaymentInput } from "./schemas.js";
import type { OrderView } from "./view.js";

export interface OrderChanged {
  before: OrderView;
  after: OrderView;
  action: string;
  data: unknown;
}

type CapturedHandler = (
  tx: Executor,
  ctx: RequestContext,
  order: OrderView,
  payment: OrderPaymentInput,
) => Promise<void>;
type ChangedHandler = (tx: Executor, ctx: RequestContext, change: OrderChanged) => Promise<void>;

type CaptureRecordedHandler = (tx: Executor, ctx: RequestContext, order: OrderView) => Promise<void>;

let captured: CapturedHandler | null = null;
let captureRecorded: readonly CaptureRecordedHandler[] = [];
let changed: readonly ChangedHandler[] = [];

/** Who takes a captured order's payment (one provider-facing module). */
export function setOrderPaymentHandler(handler: CapturedHandler): void {
  captured = handler;
}

export function setOrderChangedHandlers(handlers: readonly ChangedHandler[]): void {
  changed = handlers;
}

/** What runs on every captured order (draft or placed), in its transaction, at the end of the capture. */
export function setOrderCapturedHandlers(handlers: readonly CaptureRecordedHandler[]): void {
  captureRecorded = handlers;
}

export async function orderCaptured(tx: Executor, ctx: RequestContext, order: OrderView): Promise<void> {
  for (const handler of captureRecorded) await handler(tx, ctx, order);
}

export async function paymentCaptured(
  tx: Executor,
  ctx: RequestContext,
  order: OrderView,
  payment: OrderPaymentInput,
): Promise<void> {
  if (!captured) throw new Error("No payment handler is wired (wireModules not called)");
  await captured(tx, ctx, order, payment);
}

export async function orderChanged(tx: Executor, ctx: RequestContext, change: OrderChanged): Promise<void> {
  for (const handler of changed) await handler(tx, ctx, change);
}
