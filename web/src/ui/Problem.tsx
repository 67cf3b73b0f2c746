import { Alert, List } from "@mantine/core";
import { ApiProblem } from "../api/client";

/** Shows an API error as a person should read it: the detail, then each field's message. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem =
    error instanceof ApiProblem
      ? error
      : new ApiProblem(0, "Error", (error as Error).message ?? String(error));
  return (
    <Alert color="red" variant="light" title={title ?? problem.title} role="alert" data-testid="problem">
      {problem.detail && <div>{problem.detail}</div>}
      {problem.errors.length > 0 && (
        <List size="sm" mt={4}>
          {problem.errors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>
              <strong>{fieldName(e.path)}</strong>: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** `body.lines.0.quantity` → `lines 1 quantity`. */
export function fieldName(path: string): string {
  return (
    path
      .replace(/^(body|querystring|params)\.?/, "")
      .split(".")
      .map((s) => (/^\d+$/.test(s) ? String(Number(s) + 1) : s.replace(/_/g, " ")))
      .join(" ") || "request"
  );
}

/** Field errors keyed by the field's own name, to place them under inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const key = e.path.replace(/^body\./, "");
    out[key] ??= e.message;
  }
  return out;
}
