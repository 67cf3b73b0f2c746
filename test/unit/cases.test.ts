import { describe, expect, it } from "vitest";
import {
  type CaseStatus,
  caseMachine,
  clockAfterMove,
  DEFAULT_SLA_POLICY,
  deliveryExceptionDue,
  dueTimes,
  isBreached,
  messageRefusal,
  parseCaseReference,
  parsePriorityHours,
  type SlaFields,
  slaView,
  statusAfterMessage,
} from "../../src/domain/cases.js";

const policy = DEFAULT_SLA_POLICY;
const H = 3_600_000;
const T0 = "2026-03-02T09:00:00.000Z";
const at = (hours: number) => new Date(Date.parse(T0) + hours * H).toISOString();

/** A case created at T0 with normal priority (first response 24 h, resolution 72 h). */
function fresh(over: Partial<SlaFields> = {}): SlaFields & { closed_at: string | null } {
  return {
    status: "new",
    priority: "normal",
    created_at: T0,
    first_responded_at: null,
    resolved_at: null,
    sla_paused_at: null,
    sla_paused_ms: 0,
    ...dueTimes({ priority: over.priority ?? "normal", created_at: T0, sla_paused_ms: 0 }, policy),
    closed_at: null,
    ...over,
  };
}

/** Moves a case through `steps` ([status, hours after T0]) as the service does. */
function walk(steps: Array<[CaseStatus, number]>) {
  let c = fresh();
  for (const [to, hours] of steps) c = { ...c, ...clockAfterMove(c, to, at(hours), policy) };
  return c;
}

describe("case workflow", () => {
  it("goes new → open → awaiting_customer → open → resolved → closed, and a resolved case reopens", () => {
    expect(caseMachine.allowedActions("new")).toEqual(["open", "await_customer", "resolve"]);
    expect(caseMachine.allowedActions("open")).toEqual(["await_customer", "resolve"]);
    expect(caseMachine.allowedActions("awaiting_customer")).toEqual(["open", "resolve"]);
    expect(caseMachine.allowedActions("resolved")).toEqual(["close", "reopen"]);
    expect(caseMachine.allowedActions("closed")).toEqual([]);
    expect(caseMachine.canMove("resolved", "open")).toBe(true);
    expect(caseMachine.canMove("closed", "open")).toBe(false);
  });

  it("refuses what the workflow does not allow, with a reason naming the case", () => {
    expect(caseMachine.refusal("new", "close", { subject: "Case CS-1001" })).toBe(
      "Case CS-1001 is new; only a resolved case can be closed",
    );
    expect(caseMachine.refusal("closed", "reopen")).toMatch(/only a resolved case can be reopened/);
    expect(caseMachine.refusal("resolved", "resolve")).toMatch(/already resolved/);
    expect(caseMachine.refusal("open", "open")).not.toBeNull();
  });

  it("reopens a case waiting for the customer, or resolved, when the customer writes", () => {
    const customer = { author: "customer", visibility: "public" } as const;
    expect(statusAfterMessage("awaiting_customer", customer)).toBe("open");
    expect(statusAfterMessage("resolved", customer)).toBe("open");
    expect(statusAfterMessage("new", customer)).toBe("new");
    expect(statusAfterMessage("open", customer)).toBe("open");
  });

  it("takes a new case with the first public staff reply; notes and Ordo's messages change nothing", () => {
    expect(statusAfterMessage("new", { author: "staff", visibility: "public" })).toBe("open");
    expect(statusAfterMessage("new", { author: "staff", visibility: "internal" })).toBe("new");
    expect(statusAfterMessage("new", { author: "system", visibility: "internal" })).toBe("new");
    expect(statusAfterMessage("awaiting_customer", { author: "staff", visibility: "public" })).toBe(
      "awaiting_customer",
    );
  });

  it("takes no message on a closed case", () => {
    expect(messageRefusal("closed", "Case CS-7")).toBe("Case CS-7 is closed; open a new case instead");
    for (const s of ["new", "open", "awaiting_customer", "resolved"] as const)
      expect(messageRefusal(s)).toBeNull();
  });
});

describe("SLA targets", () => {
  it("are due after the hours configured for the priority", () => {
    expect(dueTimes({ priority: "urgent", created_at: T0, sla_paused_ms: 0 }, policy)).toEqual({
      first_response_due_at: at(1),
      resolution_due_at: at(8),
    });
    expect(dueTimes({ priority: "low", created_at: T0, sla_paused_ms: 2 * H }, policy)).toEqual({
      first_response_due_at: at(48),
      resolution_due_at: at(122),
    });
  });

  it("read hours per priority from the configuration's text, refusing anything incomplete", () => {
    expect(parsePriorityHours("urgent:1,high:4,normal:24,low:48")).toEqual({
      urgent: 1,
      high: 4,
      normal: 24,
      low: 48,
    });
    expect(parsePriorityHours(" low: 0.5 , normal:8,high:2,urgent:1")).toEqual({
      low: 0.5,
      normal: 8,
      high: 2,
      urgent: 1,
    });
    for (const bad of [
      "urgent:1,high:4,normal:24",
      "urgent:1,high:4,normal:24,low:0",
      "urgent:1,high:4,normal:24,low:-1",
      "urgent:1,high:4,normal:24,low:x",
      "urgent:1,high:4,normal:24,low:2,low:3",
      "urgent:1,high:4,normal:24,soon:2",
      "",
    ])
      expect(parsePriorityHours(bad), bad).toBeNull();
  });

  it("are on track, then at risk in the last quarter, then breached", () => {
    const c = fresh();
    expect(slaView(c, new Date(at(1))).first_response.state).toBe("on_track");
    expect(slaView(c, new Date(at(19))).first_response.state).toBe("at_risk");
    expect(slaView(c, new Date(at(19))).at_risk).toBe(true);
    const late = slaView(c, new Date(at(25)));
    expect(late.first_response).toMatchObject({ state: "breached", remaining_ms: -1 * H });
    expect(late.breached).toBe(true);
    expect(late.resolution.state).toBe("on_track");
  });

  it("meet the first response with the first public reply, on time or late", () => {
    const onTime = slaView(fresh({ status: "open", first_responded_at: at(2) }), new Date(at(30)));
    expect(onTime.first_response).toMatchObject({ state: "met", met_at: at(2), remaining_ms: 22 * H });
    expect(onTime.breached).toBe(false);
    const late = slaView(fresh({ status: "open", first_responded_at: at(26) }), new Date(at(30)));
    expect(late.first_response).toMatchObject({ state: "breached", met_at: at(26) });
  });

  it("stop the resolution clock while awaiting the customer and move its target by the pause", () => {
    const waiting = walk([
      ["open", 1],
      ["awaiting_customer", 10],
    ]);
    expect(waiting.sla_paused_at).toBe(at(10));
    // Long past the 72 h target, but waiting for the customer: paused, not breached.
    const view = slaView({ ...waiting, first_responded_at: at(1) }, new Date(at(100)));
    expect(view.resolution).toMatchObject({ state: "paused", remaining_ms: 62 * H });
    expect(view.breached).toBe(false);
    // The customer answers 90 h later: the target moves 90 h.
    const back = { ...waiting, ...clockAfterMove(waiting, "open", at(100), policy) };
    expect(back).toMatchObject({ status: "open", sla_paused_at: null, sla_paused_ms: 90 * H });
    expect(back.resolution_due_at).toBe(at(72 + 90));
    expect(slaView({ ...back, first_responded_at: at(1) }, new Date(at(101))).resolution.state).toBe(
      "on_track",
    );
  });

  it("judge a resolution when its clock stopped: resolved while awaiting the customer counts the wait out", () => {
    const c = walk([
      ["open", 1],
      ["awaiting_customer", 10],
      ["resolved", 200],
    ]);
    expect(c).toMatchObject({ status: "resolved", resolved_at: at(200), sla_paused_at: at(10) });
    const view = slaView({ ...c, first_responded_at: at(1) }, new Date(at(300)));
    expect(view.resolution).toMatchObject({ state: "met", met_at: at(200) });
    expect(view.breached).toBe(false);

    const slow = walk([
      ["open", 1],
      ["resolved", 80],
    ]);
    expect(slaView({ ...slow, first_responded_at: at(1) }, new Date(at(81))).resolution.state).toBe(
      "breached",
    );
  });

  it("meet the first response with the resolution when no reply came before it", () => {
    const c = walk([["resolved", 3]]);
    expect(slaView(c, new Date(at(50))).first_response).toMatchObject({ state: "met", met_at: at(3) });
  });

  it("keep resolved_at when closing, record closed_at, and restart the clock on reopening", () => {
    const closed = walk([
      ["open", 1],
      ["resolved", 5],
      ["closed", 30],
    ]);
    expect(closed).toMatchObject({
      status: "closed",
      resolved_at: at(5),
      closed_at: at(30),
      sla_paused_at: at(5),
    });
    const reopened = walk([
      ["open", 1],
      ["resolved", 5],
      ["open", 8],
    ]);
    expect(reopened).toMatchObject({ resolved_at: null, sla_paused_at: null, sla_paused_ms: 3 * H });
    expect(reopened.resolution_due_at).toBe(at(75));
  });

  it("agree with the stored-row test that the list filter uses", () => {
    const cases: Array<[SlaFields, number]> = [
      [fresh(), 1],
      [fresh(), 25],
      [fresh({ status: "open", first_responded_at: at(2) }), 50],
      [fresh({ status: "open", first_responded_at: at(2) }), 80],
      [
        {
          ...walk([
            ["open", 1],
            ["awaiting_customer", 10],
          ]),
          first_responded_at: at(1),
        },
        500,
      ],
      [
        {
          ...walk([
            ["open", 1],
            ["resolved", 80],
          ]),
          first_responded_at: at(1),
        },
        81,
      ],
      [walk([["resolved", 3]]), 500],
    ];
    for (const [c, hours] of cases) {
      const now = new Date(at(hours));
      expect(isBreached(c, now), `${c.status} at ${hours} h`).toBe(slaView(c, now).breached);
    }
  });
});

describe("delivery exceptions and references", () => {
  it("open a case on a failure, or once the attempts reach the configured number", () => {
    expect(deliveryExceptionDue("failure", 0, 2)).toBe(true);
    expect(deliveryExceptionDue("attempted_delivery", 1, 2)).toBe(false);
    expect(deliveryExceptionDue("attempted_delivery", 2, 2)).toBe(true);
    expect(deliveryExceptionDue("attempted_delivery", 1, 1)).toBe(true);
    expect(deliveryExceptionDue("delayed", 5, 1)).toBe(false);
  });

  it("read CS-1042 however it is typed", () => {
    expect(parseCaseReference("CS-1042")).toBe(1042);
    expect(parseCaseReference(" cs1042 ")).toBe(1042);
    expect(parseCaseReference("1042")).toBe(1042);
    expect(parseCaseReference("case_01ABC")).toBeNull();
    expect(parseCaseReference("CS-")).toBeNull();
    expect(parseCaseReference("CS-99999999999")).toBeNull();
  });
});
