import {
  Anchor,
  Badge,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import type {
  FeedbackGroupBy,
  FeedbackResponse,
  FeedbackStats,
  FeedbackSummary,
} from "../../api/feedback-types";
import type { Page } from "../../api/types";
import { when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { ProblemAlert } from "../../ui/Problem";
import { useChannels, useLocations } from "../reference";

const SCORES = ["1", "2", "3", "4", "5"] as const;
const scoreColor = (score: number) => (score >= 4 ? "green" : score === 3 ? "yellow" : "red");
const percent = (v: number | null) => (v === null ? "—" : `${v.toFixed(1)} %`);

/** Survey results per channel or location (response rate, average, CSAT) and the latest comments. */
export function FeedbackPage() {
  const channels = useChannels();
  const locations = useLocations();
  const [groupBy, setGroupBy] = useState<FeedbackGroupBy>("channel");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [score, setScore] = useState<string | null>(null);
  const summary = useQuery({
    queryKey: ["feedback", "summary", { groupBy, from, to }],
    queryFn: ({ signal }) =>
      api.get<FeedbackSummary>("/v1/feedback/summary", { group_by: groupBy, from, to }, signal),
  });
  const name = (key: string | null) =>
    groupBy === "channel" ? channels.name(key) : key ? locations.name(key) : "No location";
  const s = summary.data;
  return (
    <Stack gap="md">
      <PageHeader
        title="Feedback"
        subtitle="What customers answered to the survey sent after delivery (CSAT: share of 4 and 5)"
        actions={
          <Group align="flex-end">
            <TextInput
              type="date"
              label="Sent from"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="Sent before"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
          </Group>
        }
      />
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Summary
        </Title>
        <SegmentedControl
          aria-label="Group by"
          value={groupBy}
          onChange={(v) => setGroupBy(v as FeedbackGroupBy)}
          data={[
            { value: "channel", label: "Per channel" },
            { value: "location", label: "Per location" },
          ]}
        />
      </Group>
      <ProblemAlert error={summary.error} />
      <Paper withBorder radius="md">
        <ScrollArea type="auto">
          <Table striped verticalSpacing="xs" miw={820} data-testid="feedback-summary">
            <Table.Caption className="visually-hidden">
              Feedback {groupBy === "channel" ? "per channel" : "per location"}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{groupBy === "channel" ? "Channel" : "Location"}</Table.Th>
                <Table.Th scope="col" ta="right">
                  Sent
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Answered
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Response rate
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Average
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  CSAT
                </Table.Th>
                <Table.Th scope="col">Scores 1 – 5</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Skeleton h={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {s && s.groups.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="lg" data-testid="empty">
                      No survey was sent in this period
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {s?.groups.map((g) => (
                <StatsRow key={g.key ?? "none"} label={name(g.key)} stats={g} />
              ))}
              {s && s.groups.length > 1 && <StatsRow label="All" stats={s.total} strong />}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
      <Group justify="space-between" align="flex-end" mt="md">
        <Title order={2} size="h4">
          Latest answers
        </Title>
        <Select
          label="Score"
          placeholder="Any score"
          clearable
          w={160}
          data={SCORES.map((v) => ({ value: v, label: v }))}
          value={score}
          onChange={setScore}
        />
      </Group>
      <PagedTable<FeedbackResponse>
        queryKey={["feedback", "responses", { score }]}
        fetchPage={(cursor, signal) =>
          api.get<Page<FeedbackResponse>>("/v1/feedback/responses", { limit: 20, cursor, score }, signal)
        }
        caption="Latest feedback answers"
        rowKey={(r) => r.id}
        empty="No answers yet"
        skeletonRows={5}
        columns={[
          { key: "answered", header: "Answered", render: (r) => when(r.answered_at), width: 170 },
          {
            key: "order",
            header: "Order",
            width: 100,
            render: (r) => (
              <Anchor component={Link} to={`/orders/${r.order_id}`}>
                #{r.order_number}
              </Anchor>
            ),
          },
          {
            key: "score",
            header: "Score",
            width: 80,
            render: (r) => (
              <Badge color={scoreColor(r.score)} variant="light" aria-label={`Score ${r.score} of 5`}>
                {r.score} / 5
              </Badge>
            ),
          },
          {
            key: "comment",
            header: "Comment",
            render: (r) =>
              r.comment ? (
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  {r.comment}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ),
          },
          { key: "channel", header: "Channel", render: (r) => channels.name(r.channel_id), width: 130 },
          { key: "location", header: "Location", render: (r) => locations.name(r.location_id), width: 150 },
        ]}
      />
    </Stack>
  );
}

function StatsRow({
  label,
  stats,
  strong = false,
}: {
  label: string;
  stats: FeedbackStats;
  strong?: boolean;
}) {
  const fw = strong ? 700 : undefined;
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={fw ?? 500}>
        {label}
      </Table.Th>
      <Table.Td className="num" ta="right" fw={fw}>
        {stats.sent}
      </Table.Td>
      <Table.Td className="num" ta="right" fw={fw}>
        {stats.answered}
      </Table.Td>
      <Table.Td className="num" ta="right" fw={fw}>
        {percent(stats.response_rate_percent)}
      </Table.Td>
      <Table.Td className="num" ta="right" fw={fw}>
        {stats.average_score === null ? "—" : stats.average_score.toFixed(2)}
      </Table.Td>
      <Table.Td className="num" ta="right" fw={fw}>
        {percent(stats.csat_percent)}
      </Table.Td>
      <Table.Td>
        <Distribution stats={stats} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Five small bars, one per score, with the counts spelled out for screen readers and on hover. */
function Distribution({ stats }: { stats: FeedbackStats }) {
  const max = Math.max(1, ...SCORES.map((k) => stats.distribution[k]));
  const spelled = SCORES.map((k) => `${k}: ${stats.distribution[k]}`).join(", ");
  return (
    <Group gap={4} wrap="nowrap" aria-label={`Answers per score: ${spelled}`} role="img">
      {SCORES.map((k) => (
        <Tooltip key={k} label={`Score ${k}: ${stats.distribution[k]}`}>
          <div
            style={{
              width: 14,
              height: 24,
              display: "flex",
              alignItems: "flex-end",
              background: "var(--mantine-color-gray-1)",
            }}
          >
            <div
              style={{
                width: "100%",
                height: `${(stats.distribution[k] / max) * 100}%`,
                background: `var(--mantine-color-${scoreColor(Number(k))}-6)`,
              }}
            />
          </div>
        </Tooltip>
      ))}
      <Text size="xs" c="dimmed" className="num" aria-hidden>
        {SCORES.map((k) => stats.distribution[k]).join(" · ")}
      </Text>
    </Group>
  );
}
