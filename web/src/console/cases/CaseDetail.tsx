import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import type { CaseAction, CaseDetail, CaseMessage, CasePriority, CaseSla } from "../../api/types";
import { humanize, statusColor, when } from "../../ui/format";
import { PageHeader } from "../../ui/PageHeader";
import { fieldErrors, ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { CASE_PRIORITIES, PRIORITY_COLORS, SlaBadge } from "./CaseList";
import { duration } from "./sla";

const ACTION_LABELS: Record<CaseAction, { label: string; color?: string; variant?: string }> = {
  open: { label: "Open" },
  await_customer: { label: "Await customer", variant: "default" },
  resolve: { label: "Resolve", color: "green" },
  close: { label: "Close", variant: "default" },
  reopen: { label: "Reopen", variant: "default" },
};

/** One case: the conversation with the customer and staff notes, its SLA, and what to do next. */
export function CaseDetailPage() {
  const { id = "" } = useParams();
  const { me, can } = useAuth();
  const queryClient = useQueryClient();
  const key = ["case", id];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<CaseDetail>(`/v1/cases/${id}`, undefined, signal),
    refetchInterval: 60_000,
  });
  const changed = (c: CaseDetail) => {
    queryClient.setQueryData(key, c);
    void queryClient.invalidateQueries({ queryKey: ["cases"] });
  };
  const act = useMutation({
    mutationFn: (path: string) => api.post<CaseDetail>(`/v1/cases/${id}/${path}`),
    onSuccess: changed,
  });
  const assign = useMutation({
    mutationFn: (assignee: string | null) =>
      api.post<CaseDetail>(`/v1/cases/${id}/assign`, { assignee_id: assignee }),
    onSuccess: changed,
  });
  const update = useMutation({
    mutationFn: (priority: CasePriority) => api.patch<CaseDetail>(`/v1/cases/${id}`, { priority }),
    onSuccess: changed,
  });
  const c = query.data;
  const writable = can("cases:write") && !!c && c.status !== "closed";
  if (query.isError) {
    return (
      <Stack>
        <PageHeader title="Case" />
        <ProblemAlert error={query.error} />
        <Anchor component={Link} to="/cases">
          Back to cases
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <PageHeader
        title={c ? `${c.reference} · ${c.subject}` : "Case"}
        subtitle={
          c ? `${humanize(c.type)} · opened ${when(c.created_at)} via ${humanize(c.source)}` : "\u00a0"
        }
        actions={
          c &&
          can("cases:write") && (
            <>
              {c.status !== "closed" && me.id && c.assignee_id !== me.id && (
                <Button variant="default" loading={assign.isPending} onClick={() => assign.mutate(me.id)}>
                  Assign to me
                </Button>
              )}
              {c.status !== "closed" && c.assignee_id && (
                <Button variant="subtle" loading={assign.isPending} onClick={() => assign.mutate(null)}>
                  Unassign
                </Button>
              )}
              {c.allowed_actions.map((a) => (
                <Button
                  key={a}
                  color={ACTION_LABELS[a].color}
                  variant={ACTION_LABELS[a].variant ?? "filled"}
                  loading={act.isPending && act.variables === a}
                  onClick={() => act.mutate(a)}
                  data-testid={`case-action-${a}`}
                >
                  {ACTION_LABELS[a].label}
                </Button>
              ))}
            </>
          )
        }
      />
      <ProblemAlert error={act.error ?? assign.error ?? update.error} title="That did not work" />
      {!c ? (
        <Skeleton h={400} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="sm">
              <Group gap="xs">
                <Badge size="lg" color={statusColor(c.status)} data-testid="case-status">
                  {humanize(c.status)}
                </Badge>
                <SlaBadge c={c} />
              </Group>
              <Stack gap="xs" data-testid="case-messages">
                {c.messages.length === 0 && (
                  <Text c="dimmed" size="sm">
                    No messages yet.
                  </Text>
                )}
                {c.messages.map((m) => (
                  <Message key={m.id} m={m} />
                ))}
              </Stack>
              {writable && <ReplyBox id={id} onDone={changed} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="md">
              <Card withBorder>
                <Title order={2} size="h5" mb="xs">
                  Details
                </Title>
                <Stack gap={6}>
                  <Field label="Customer">
                    {c.customer_name ? `${c.customer_name} · ` : ""}
                    {c.customer_email}
                  </Field>
                  <Field label="Order">
                    {c.order_id ? (
                      <Anchor component={Link} to={`/orders/${c.order_id}`}>
                        #{c.order_number}
                      </Anchor>
                    ) : (
                      "—"
                    )}
                    {c.order_line_ids.length > 0 && ` · ${c.order_line_ids.length} line(s)`}
                  </Field>
                  {c.shipment_id && (
                    <Field label="Package">
                      <Text span ff="monospace" size="sm">
                        {c.shipment_id}
                      </Text>
                    </Field>
                  )}
                  <Field label="Assignee">{c.assignee_name ?? "Nobody"}</Field>
                  <Select
                    label="Priority"
                    size="xs"
                    allowDeselect={false}
                    disabled={!writable || update.isPending}
                    data={CASE_PRIORITIES.map((p) => ({ value: p, label: humanize(p) }))}
                    value={c.priority}
                    onChange={(v) => v && v !== c.priority && update.mutate(v as CasePriority)}
                    leftSection={<Badge color={PRIORITY_COLORS[c.priority]} variant="dot" size="xs" />}
                  />
                </Stack>
              </Card>
              <Card withBorder data-testid="case-sla">
                <Title order={2} size="h5" mb="xs">
                  Service level
                </Title>
                <Target name="First response" t={c.sla.first_response} />
                <Target name="Resolution" t={c.sla.resolution} />
                {c.closed_at && <Field label="Closed">{when(c.closed_at)}</Field>}
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

const TARGET_COLORS: Record<CaseSla["first_response"]["state"], string> = {
  met: "green",
  breached: "red",
  at_risk: "orange",
  on_track: "teal",
  paused: "gray",
};

function Target({ name, t }: { name: string; t: CaseSla["first_response"] }) {
  const left = Date.parse(t.due_at) - Date.now();
  const detail = t.met_at
    ? `${when(t.met_at)} (due ${when(t.due_at)})`
    : t.state === "paused"
      ? `paused, ${duration(t.remaining_ms)} left`
      : left < 0
        ? `overdue by ${duration(left)} (due ${when(t.due_at)})`
        : `due in ${duration(left)} (${when(t.due_at)})`;
  return (
    <Group justify="space-between" wrap="nowrap" mb={6} align="flex-start">
      <div>
        <Text size="sm" fw={600}>
          {name}
        </Text>
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      </div>
      <Badge color={TARGET_COLORS[t.state]} variant="light" style={{ flexShrink: 0 }}>
        {humanize(t.state)}
      </Badge>
    </Group>
  );
}

function Message({ m }: { m: CaseMessage }) {
  const internal = m.visibility === "internal";
  const customer = m.author_type === "customer";
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      bg={internal ? "yellow.0" : customer ? "gray.0" : undefined}
      ml={customer ? 0 : "xl"}
      mr={customer ? "xl" : 0}
      data-testid={`message-${m.visibility}`}
    >
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text size="sm" fw={600}>
          {m.author_name}
          {customer ? " (customer)" : ""}
        </Text>
        <Group gap={6} wrap="nowrap">
          {internal && (
            <Badge size="xs" color="yellow" variant="filled">
              Internal note
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {when(m.created_at)}
          </Text>
        </Group>
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {m.body}
      </Text>
    </Paper>
  );
}

function ReplyBox({ id, onDone }: { id: string; onDone: (c: CaseDetail) => void }) {
  const [body, setBody] = useState("");
  const [visibility, setVisibility] = useState<"public" | "internal">("public");
  const send = useMutation({
    mutationFn: () => api.create<CaseDetail>(`/v1/cases/${id}/messages`, { body, visibility }),
    onSuccess: (c) => {
      setBody("");
      onDone(c);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="sm" radius="md" bg={visibility === "internal" ? "yellow.0" : undefined}>
      <form onSubmit={submit} aria-label="Reply">
        <Stack gap="xs">
          <SegmentedControl
            size="xs"
            w="fit-content"
            aria-label="Reply or note"
            value={visibility}
            onChange={(v) => setVisibility(v as "public" | "internal")}
            data={[
              { value: "public", label: "Reply to customer" },
              { value: "internal", label: "Internal note" },
            ]}
          />
          <Textarea
            aria-label={visibility === "public" ? "Reply" : "Internal note"}
            placeholder={visibility === "public" ? "Write to the customer…" : "Only staff will see this"}
            autosize
            minRows={3}
            value={body}
            error={fieldErrors(send.error).body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <ProblemAlert error={send.error} title="Not sent" />
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending} disabled={!body.trim()}>
              {visibility === "public" ? "Send reply" : "Add note"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
