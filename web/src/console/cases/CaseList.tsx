import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiProblem, api } from "../../api/client";
import type {
  Case,
  CaseDetail,
  CaseListQuery,
  CasePriority,
  CaseType,
  OrderSummary,
  Page,
} from "../../api/types";
import { type CreateDialogProps, FormModal, useCreateDialog } from "../../ui/FormModal";
import { humanize, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { Can, useAuth } from "../auth";
import { slaBadge } from "./sla";

export const CASE_TYPES: CaseType[] = [
  "where_is_my_order",
  "damaged",
  "wrong_item",
  "return_question",
  "other",
];
export const CASE_PRIORITIES: CasePriority[] = ["urgent", "high", "normal", "low"];
export const PRIORITY_COLORS: Record<CasePriority, string> = {
  urgent: "red",
  high: "orange",
  normal: "blue",
  low: "gray",
};

const VIEWS = {
  active: "new,open,awaiting_customer",
  new: "new",
  awaiting: "awaiting_customer",
  done: "resolved,closed",
  all: "",
} as const;
type View = keyof typeof VIEWS;

export function SlaBadge({ c }: { c: Case }) {
  const badge = slaBadge(c);
  return (
    <Badge color={badge.color} variant="light" title={badge.title} data-testid="sla-badge">
      {badge.label}
    </Badge>
  );
}

/** The customer-service queue: active cases first, with their SLA, filtered as the agent works. */
export function CaseList() {
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const view = (params.get("view") as View | null) ?? "active";
  const type = params.get("type") ?? "";
  const priority = params.get("priority") ?? "";
  const assignee = params.get("assignee") ?? "";
  const breached = params.get("breached") === "true";
  const orderId = params.get("order_id") ?? "";
  const create = useCreateDialog([["cases"]]);
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query: CaseListQuery = {
    status: VIEWS[view] || undefined,
    type: (type || undefined) as CaseType | undefined,
    priority: (priority || undefined) as CasePriority | undefined,
    assignee_id: assignee === "me" ? (me.id ?? undefined) : assignee || undefined,
    breached: breached ? "true" : undefined,
    order_id: orderId || undefined,
  };
  return (
    <Stack gap="md">
      <PageHeader
        title="Cases"
        subtitle="Customer questions and problems, with their response and resolution targets"
        actions={
          <Can permission="cases:write">
            <Button onClick={create.open}>New case</Button>
          </Can>
        }
      />
      <Group gap="sm" wrap="wrap" align="flex-end">
        <SegmentedControl
          aria-label="Which cases"
          value={view}
          onChange={(v) => setFilter("view", v === "active" ? null : v)}
          data={[
            { value: "active", label: "Active" },
            { value: "new", label: "New" },
            { value: "awaiting", label: "Awaiting customer" },
            { value: "done", label: "Resolved" },
            { value: "all", label: "All" },
          ]}
        />
        <Select
          label="Type"
          placeholder="Any type"
          clearable
          w={200}
          data={CASE_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
          value={type || null}
          onChange={(v) => setFilter("type", v)}
        />
        <Select
          label="Priority"
          placeholder="Any priority"
          clearable
          w={150}
          data={CASE_PRIORITIES.map((p) => ({ value: p, label: humanize(p) }))}
          value={priority || null}
          onChange={(v) => setFilter("priority", v)}
        />
        <Select
          label="Assigned to"
          placeholder="Anyone"
          clearable
          w={160}
          data={[
            { value: "me", label: "Me" },
            { value: "none", label: "Nobody" },
          ]}
          value={assignee || null}
          onChange={(v) => setFilter("assignee", v)}
        />
        <Switch
          label="SLA breached"
          checked={breached}
          onChange={(e) => setFilter("breached", e.currentTarget.checked ? "true" : null)}
          mb={8}
        />
        {orderId && (
          <Badge
            size="lg"
            variant="outline"
            rightSection={
              <CloseButton size="xs" aria-label="Any order" onClick={() => setFilter("order_id", null)} />
            }
          >
            One order
          </Badge>
        )}
      </Group>
      <PagedTable<Case>
        queryKey={["cases", query]}
        caption="Cases"
        fetchPage={(cursor, signal) =>
          api.get<Page<Case>>("/v1/cases", { ...query, cursor, limit: 50 }, signal)
        }
        rowKey={(c) => c.id}
        empty={view === "active" ? "No open cases: the queue is clear" : "No cases match"}
        columns={[
          {
            key: "ref",
            header: "Case",
            render: (c) => (
              <Anchor
                component={Link}
                to={`/cases/${c.id}`}
                ff="monospace"
                size="sm"
                style={{ whiteSpace: "nowrap" }}
              >
                {c.reference}
              </Anchor>
            ),
          },
          {
            key: "subject",
            header: "Subject",
            render: (c) => (
              <div>
                <Text size="sm" lineClamp={1}>
                  {c.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  {humanize(c.type)}
                  {c.source === "delivery_exception" ? " · from a delivery exception" : ""}
                </Text>
              </div>
            ),
          },
          {
            key: "status",
            header: "Status",
            render: (c) => (
              <Badge color={statusColor(c.status)} variant="light">
                {humanize(c.status)}
              </Badge>
            ),
          },
          {
            key: "priority",
            header: "Priority",
            render: (c) => (
              <Badge color={PRIORITY_COLORS[c.priority]} variant="dot">
                {humanize(c.priority)}
              </Badge>
            ),
          },
          { key: "sla", header: "SLA", render: (c) => <SlaBadge c={c} /> },
          {
            key: "customer",
            header: "Customer",
            render: (c) => <Text size="sm">{c.customer_name ?? c.customer_email}</Text>,
          },
          {
            key: "order",
            header: "Order",
            render: (c) =>
              c.order_id ? (
                <Anchor component={Link} to={`/orders/${c.order_id}`} size="sm">
                  #{c.order_number}
                </Anchor>
              ) : (
                "—"
              ),
          },
          { key: "assignee", header: "Assignee", render: (c) => c.assignee_name ?? "—" },
          { key: "updated", header: "Updated", render: (c) => when(c.updated_at) },
        ]}
      />
      <NewCaseDialog {...create.dialog} />
    </Stack>
  );
}

interface NewCaseForm {
  order_number: string;
  type: CaseType;
  subject: string;
  priority: CasePriority;
  customer_email: string;
  message: string;
  internal_note: string;
}

const BLANK: NewCaseForm = {
  order_number: "",
  type: "where_is_my_order",
  subject: "",
  priority: "normal",
  customer_email: "",
  message: "",
  internal_note: "",
};

/** The order behind a number typed as #10042 or 10042. */
async function orderByNumber(typed: string): Promise<OrderSummary> {
  const number = typed.trim().replace(/^#/, "");
  const found = /^\d+$/.test(number)
    ? await api.get<Page<OrderSummary>>("/v1/orders", { number, limit: 1 })
    : { data: [] };
  const order = found.data[0];
  if (!order)
    throw new ApiProblem(422, "No such order", `There is no order #${number}`, [
      { path: "body.order_number", message: "No order has this number" },
    ]);
  return order;
}

function NewCaseDialog(props: CreateDialogProps) {
  const navigate = useNavigate();
  return (
    <FormModal<NewCaseForm>
      {...props}
      title="New case"
      confirmLabel="Open case"
      blank={BLANK}
      submit={async (f) => {
        const order = f.order_number.trim() ? await orderByNumber(f.order_number) : null;
        const created = await api.create<CaseDetail>("/v1/cases", {
          order_id: order?.id,
          type: f.type,
          subject: f.subject,
          priority: f.priority,
          customer_email: f.customer_email.trim() || undefined,
          message: f.message.trim() || undefined,
          internal_note: f.internal_note.trim() || undefined,
        });
        navigate(`/cases/${created.id}`);
      }}
    >
      {({ form, set, errors, text }) => (
        <>
          {text("order_number", { label: "Order number", placeholder: "#10042 (optional)" })}
          <Group grow>
            <Select
              label="Type"
              required
              allowDeselect={false}
              data={CASE_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
              value={form.type}
              onChange={(v) => v && set({ type: v as CaseType })}
            />
            <Select
              label="Priority"
              allowDeselect={false}
              data={CASE_PRIORITIES.map((p) => ({ value: p, label: humanize(p) }))}
              value={form.priority}
              onChange={(v) => v && set({ priority: v as CasePriority })}
            />
          </Group>
          {text("subject", { label: "Subject", required: true, maxLength: 200 })}
          <TextInput
            label="Customer e-mail"
            description="Needed without an order; with one, the order's e-mail is used"
            type="email"
            value={form.customer_email}
            error={errors.customer_email}
            onChange={(e) => set({ customer_email: e.currentTarget.value })}
          />
          <Textarea
            label="What the customer says"
            autosize
            minRows={3}
            value={form.message}
            error={errors.message}
            onChange={(e) => set({ message: e.currentTarget.value })}
          />
          <Textarea
            label="Internal note"
            description="Only staff see it"
            autosize
            minRows={2}
            value={form.internal_note}
            error={errors.internal_note}
            onChange={(e) => set({ internal_note: e.currentTarget.value })}
          />
        </>
      )}
    </FormModal>
  );
}
