// One generic finite-state machine for the documents that move through a workflow (fulfillment
// orders, transfers, purchase orders): transitions are data, so the rules can be listed (the
// actions a document allows now) and checked with a reason, never re-coded at each call site.

export interface TransitionRule<S extends string> {
  /** States the action may start from. */
  from: readonly S[];
  /** States the action may lead to (which one is the caller's outcome, e.g. received in full or not). */
  to: readonly S[];
  /** Says what the action means, for the refusal: "only a draft transfer can be shipped". */
  refusal: string;
  /** Taken by Ordo itself, never offered to people or integrations (not in allowedActions). */
  internal?: boolean;
}

export interface StateMachine<S extends string, A extends string> {
  readonly name: string;
  readonly transitions: Readonly<Record<A, TransitionRule<S>>>;
  /**
   * Why `action` cannot be taken from `state` (or cannot lead to `to`), or null when it can;
   * `subject` names the document in the reason ("Transfer tr_123").
   */
  refusal(state: S, action: A, opts?: { to?: S; subject?: string }): string | null;
  /** The actions people and integrations can take from `state`, in the order they were defined. */
  allowedActions(state: S): A[];
  /** Whether some action leads from `from` to `to`. */
  canMove(from: S, to: S): boolean;
}

export function defineStateMachine<S extends string, A extends string>(
  name: string,
  transitions: Record<A, TransitionRule<S>>,
): StateMachine<S, A> {
  const rules = Object.entries(transitions) as Array<[A, TransitionRule<S>]>;
  return {
    name,
    transitions,
    refusal(state, action, { to, subject = name } = {}) {
      const rule = transitions[action];
      if (!rule.from.includes(state)) return `${subject} is ${state}; ${rule.refusal}`;
      if (to !== undefined && !rule.to.includes(to)) return `${subject} cannot go from ${state} to ${to}`;
      return null;
    },
    allowedActions(state) {
      return rules
        .filter(([, rule]) => !rule.internal && rule.from.includes(state))
        .map(([action]) => action);
    },
    canMove(from, to) {
      return rules.some(([, rule]) => rule.from.includes(from) && rule.to.includes(to));
    },
  };
}
