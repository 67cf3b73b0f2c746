import {
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiProblem, api } from "../../api/client";
import type { Order, OrderPayments, Payment, PaymentStatus, PaymentTransaction } from "../../api/types";
import { ActionModal } from "../../ui/ActionModal";
import { humanize, money, when } from "../../ui/format";
import { MoneyInput } from "../../ui/MoneyInput";
import { ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";

const PAYMENT_STATUS_COLORS: Record<PaymentStatus, string> = {
  not_charged: "gray",
  partially_charged: "cyan",
  charged: "green",
  partially_refunded: "orange",
  refunded: "grape",
};

const STATE_COLORS: Record<PaymentTransaction["state"], string> = {
  request: "gray",
  success: "green",
  failure: "red",
};

type Dialog = "add" | { refund: Payment } | { capture: Payment } | { void: Payment } | null;

const pending = (
  p: Pick<OrderPayments, "authorize_pending" | "charge_pending" | "refund_pending" | "cancel_pending">,
) => p.authorize_pending + p.charge_pending + p.refund_pending + p.cancel_pending > 0;

/** Each request once: its answer when the provider gave one, else the request, still pending. */
function shownTransactions(p: Payment): PaymentTransaction[] {
  const answered = new Set(p.transactions.map((t) => t.answers).filter((a): a is string => !!a));
  return p.transactions.filter((t) => t.state !== "request" || !answered.has(t.id));
}

/** What can still be refunded of a payment: charged, less refunded and refunds in flight. */
const refundable = (p: Payment) => p.charged - p.refunded - p.refund_pending;

/** The order's money: its payment status, each payment's ledger, and what an agent can do with it. */
export function PaymentsPanel({ order }: { order: Order }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const key = ["order", order.id, "payments"];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<OrderPayments>(`/v1/orders/${order.id}/payments`, undefined, signal),
    // The provider answers in the background: look again until nothing is in flight.
    refetchInterval: (q) => (q.state.data && pending(q.state.data) ? 1500 : false),
  });
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ["order", order.id] });
  };
  const data = query.data;
  const writable = can("payments:write");
  const holdOpen = order.holds.some((h) => h.type === "payment" && !h.released_at);
  return (
    <Card withBorder data-testid="order-payments">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <Title order={2} size="h5">
            Payments
          </Title>
          {data && (
            <Badge
              color={PAYMENT_STATUS_COLORS[data.payment_status]}
              variant="light"
              data-testid="payment-status"
            >
              {humanize(data.payment_status)}
            </Badge>
          )}
          {data && pending(data) && (
            <Badge color="gray" variant="outline">
              Waiting for the provider
            </Badge>
          )}
        </Group>
        {writable && holdOpen && (
          <Button size="xs" variant="light" color="orange" onClick={() => setDialog("add")}>
            Add card
          </Button>
        )}
      </Group>
      <ProblemAlert error={query.error} />
      {data && (
        <Stack gap="sm">
          <Group gap="lg" wrap="wrap">
            <Amount label="Order total" value={money(data.order_total, data.currency)} />
            <Amount label="Authorized" value={money(data.authorized, data.currency)} />
            <Amount label="Charged" value={money(data.charged, data.currency)} />
            <Amount label="Refunded" value={money(data.refunded, data.currency)} />
            <Amount label="Net paid" value={money(data.net_paid, data.currency)} strong />
          </Group>
          {data.payments.length === 0 && (
            <Text size="sm" c="dimmed">
              No payment on this order
            </Text>
          )}
          {data.payments.map((p) => (
            <Paper key={p.id} withBorder p="xs" radius="sm" data-testid={`payment-${p.id}`}>
              <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
                <div>
                  <Text size="sm" fw={600}>
                    {p.display}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {humanize(p.provider)} · charged {money(p.charged, p.currency)}
                    {p.refunded ? ` · refunded ${money(p.refunded, p.currency)}` : ""}
                    {p.authorized ? ` · ${money(p.authorized, p.currency)} authorized` : ""}
                  </Text>
                </div>
                {writable && (
                  <Group gap={6}>
                    {p.authorized > 0 && (
                      <>
                        <Button size="compact-xs" variant="default" onClick={() => setDialog({ capture: p })}>
                          Capture…
                        </Button>
                        <Button size="compact-xs" variant="subtle" onClick={() => setDialog({ void: p })}>
                          Release…
                        </Button>
                      </>
                    )}
                    {refundable(p) > 0 && (
                      <Button size="compact-xs" variant="light" onClick={() => setDialog({ refund: p })}>
                        Refund…
                      </Button>
                    )}
                  </Group>
                )}
              </Group>
              <Table verticalSpacing={2} fz="xs" aria-label={`Transactions of ${p.display}`}>
                <Table.Tbody>
                  {shownTransactions(p).map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{when(t.created_at)}</Table.Td>
                      <Table.Td>{humanize(t.kind)}</Table.Td>
                      <Table.Td>
                        <Badge size="xs" variant="light" color={STATE_COLORS[t.state]}>
                          {t.state === "request" ? "pending" : t.state}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right" className="num">
                        {money(t.amount, t.currency)}
                      </Table.Td>
                      <Table.Td c={t.failure_code ? "red" : "dimmed"}>
                        {[t.failure_code && humanize(t.failure_code), t.reason].filter(Boolean).join(" · ")}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
        </Stack>
      )}
      {dialog === "add" && <AddCardDialog order={order} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog && typeof dialog === "object" && "refund" in dialog && (
        <RefundDialog payment={dialog.refund} onClose={() => setDialog(null)} onDone={changed} />
      )}
      {dialog && typeof dialog === "object" && "capture" in dialog && (
        <ActionModal
          opened
          onClose={() => setDialog(null)}
          title={`Capture ${dialog.capture.display}`}
          confirmLabel={`Capture ${money(dialog.capture.authorized, dialog.capture.currency)}`}
          action={() => api.create<Payment>(`/v1/payments/${dialog.capture.id}/capture`, {})}
          onDone={changed}
        >
          <Text size="sm">
            Charges what is authorized now. Packages are captured as they ship without this.
          </Text>
        </ActionModal>
      )}
      {dialog && typeof dialog === "object" && "void" in dialog && (
        <VoidDialog payment={dialog.void} onClose={() => setDialog(null)} onDone={changed} />
      )}
    </Card>
  );
}

function Amount({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} className="num">
        {value}
      </Text>
    </div>
  );
}

interface DialogProps {
  onClose: () => void;
  onDone: () => void;
}

function AddCardDialog({ order, onClose, onDone }: DialogProps & { order: Order }) {
  const [token, setToken] = useState("");
  // The provider answers at once: a declined card is a payment whose authorization failed (201),
  // so the dialog stays open and says so, for the agent to try another card.
  const add = async () => {
    const payment = await api.create<Payment>(`/v1/orders/${order.id}/payments`, {
      token: token.replace(/\s+/g, ""),
    });
    const declined = payment.transactions.find((t) => t.kind === "authorization" && t.state === "failure");
    if (declined && payment.authorized === 0 && payment.authorize_pending === 0) {
      onDone();
      throw new ApiProblem(402, "Card declined", declined.reason ?? "The card was declined", [
        { path: "body.token", message: humanize(declined.failure_code ?? "declined") },
      ]);
    }
    return payment;
  };
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Pay order #${order.number} with another card`}
      confirmLabel="Add card"
      disabled={!token.trim()}
      action={add}
      onDone={onDone}
    >
      {(errors) => (
        <TextInput
          label="Card number or payment token"
          description="Authorized at once; the payment hold is released when it is"
          autoComplete="off"
          required
          value={token}
          error={errors.token}
          onChange={(e) => setToken(e.currentTarget.value)}
        />
      )}
    </ActionModal>
  );
}

function RefundDialog({ payment, onClose, onDone }: DialogProps & { payment: Payment }) {
  const most = refundable(payment);
  const [amount, setAmount] = useState<number | null>(most);
  const [reason, setReason] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Refund ${payment.display}`}
      confirmLabel={amount ? `Refund ${money(amount, payment.currency)}` : "Refund"}
      color="red"
      disabled={!amount || !reason.trim()}
      action={() => api.create<Payment>(`/v1/payments/${payment.id}/refunds`, { amount, reason })}
      onDone={onDone}
    >
      {(errors) => (
        <>
          <MoneyInput
            label="Amount"
            description={`At most ${money(most, payment.currency)}`}
            currency={payment.currency}
            initial={most}
            required
            error={errors.amount}
            onChange={setAmount}
          />
          <Textarea
            label="Reason"
            description="Kept on the payment and the order's timeline"
            required
            autosize
            minRows={2}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
        </>
      )}
    </ActionModal>
  );
}

function VoidDialog({ payment, onClose, onDone }: DialogProps & { payment: Payment }) {
  const [reason, setReason] = useState("");
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={`Release the authorization of ${payment.display}`}
      confirmLabel={`Release ${money(payment.authorized, payment.currency)}`}
      color="red"
      action={() => api.create<Payment>(`/v1/payments/${payment.id}/void`, reason.trim() ? { reason } : {})}
      onDone={onDone}
    >
      {(errors) => (
        <Textarea
          label="Reason (optional)"
          autosize
          minRows={2}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
    </ActionModal>
  );
}
