import "./feedback.css";
import { Alert, Box, Button, Container, Paper, Skeleton, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useParams } from "react-router";
import { ApiProblem, api } from "../api/client";
import type { FeedbackAnswer, FeedbackSurvey } from "../api/feedback-types";
import { ProblemAlert } from "../ui/Problem";

const SCORES = [
  { value: 1, label: "Very unhappy" },
  { value: 2, label: "Unhappy" },
  { value: 3, label: "Neutral" },
  { value: 4, label: "Happy" },
  { value: 5, label: "Very happy" },
] as const;
const COMMENT_MAX = 2000;

/** Public: the survey behind the link in the feedback e-mail. The link is the proof; no login. */
export default function Feedback() {
  const { token = "" } = useParams();
  const path = `/v1/feedback/${encodeURIComponent(token)}`;
  const survey = useQuery({
    queryKey: ["feedback-survey", token],
    queryFn: ({ signal }) => api.get<FeedbackSurvey>(path, undefined, signal),
    retry: false,
  });
  const s = survey.data;
  useEffect(() => {
    document.title = s ? `Your feedback · ${s.merchant_name}` : "Your feedback";
  }, [s]);
  const notFound = survey.error instanceof ApiProblem && survey.error.status === 404;
  return (
    <Box bg="gray.0" mih="100vh" py="xl">
      <Container size="sm">
        <Stack>
          <Title order={1} size="h2">
            {s ? `How was your order #${s.order_number}?` : "Your feedback"}
          </Title>
          {s && (
            <Text c="dimmed" data-testid="feedback-merchant">
              {s.merchant_name} would like to know how it went.
            </Text>
          )}
          {survey.isPending && <Skeleton h={240} />}
          {notFound ? (
            <Alert color="yellow" variant="light" title="This survey link does not work" role="alert">
              Check that the whole link from the e-mail was opened, or write to the shop directly.
            </Alert>
          ) : (
            <ProblemAlert error={survey.error} />
          )}
          {s?.answered && <Thanks already />}
          {s && !s.answered && <SurveyForm path={path} orderNumber={s.order_number} />}
        </Stack>
      </Container>
    </Box>
  );
}

function Thanks({ already = false }: { already?: boolean }) {
  return (
    <Paper withBorder p="lg" radius="md" role="status" data-testid="feedback-thanks">
      <Title order={2} size="h3">
        Thank you!
      </Title>
      <Text mt="xs">
        {already ? "This survey has already been answered." : "Your feedback has been sent."} It helps us do
        better.
      </Text>
    </Paper>
  );
}

function SurveyForm({ path, orderNumber }: { path: string; orderNumber: number }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const errorId = useId();
  const answer = useMutation({
    mutationFn: (body: FeedbackAnswer) => api.create(path, body),
  });
  const conflict = answer.error instanceof ApiProblem && answer.error.status === 409;
  if (answer.isSuccess || conflict) return <Thanks already={conflict} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (score === null) {
      setMissing(true);
      return;
    }
    const text = comment.trim();
    answer.mutate(text ? { score, comment: text } : { score });
  };
  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit} aria-label={`Feedback on order #${orderNumber}`} noValidate>
        <Stack>
          <fieldset
            className="feedback-fieldset"
            aria-describedby={missing ? errorId : undefined}
            data-testid="feedback-scores"
          >
            <legend>How satisfied are you with your order?</legend>
            <Text size="sm" c="dimmed" mb="xs">
              1 is very unhappy, 5 is very happy.
            </Text>
            <div className="feedback-scores">
              {SCORES.map((o) => (
                <label key={o.value} className="feedback-score">
                  <input
                    type="radio"
                    name="score"
                    value={o.value}
                    checked={score === o.value}
                    onChange={() => {
                      setScore(o.value);
                      setMissing(false);
                    }}
                  />
                  <span>
                    <strong>{o.value}</strong>
                    <small>{o.label}</small>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {missing && (
            <Text id={errorId} c="red.8" size="sm" role="alert">
              Choose a score from 1 to 5.
            </Text>
          )}
          <Textarea
            label="Anything you would like to tell us? (optional)"
            autosize
            minRows={3}
            maxRows={10}
            maxLength={COMMENT_MAX}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            description={`${comment.length} / ${COMMENT_MAX} characters`}
          />
          <ProblemAlert error={answer.error} />
          <div>
            <Button type="submit" size="md" loading={answer.isPending}>
              Send feedback
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
