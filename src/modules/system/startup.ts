// What a process still has to do before it should take traffic. `/healthz` says the process is
// alive; `/readyz` says 503 while any start-up step (loading demo data, …) is still running or
// has failed, so a load balancer or orchestrator sends nobody to a half-started Ordo.

export interface StartupStep {
  /** The step has finished: once every step has, the process is ready. */
  done(): void;
  /** The step failed: the process stays not ready, saying why. */
  fail(error: unknown): void;
}

export class StartupGate {
  readonly #pending = new Set<string>();
  #failure: { step: string; message: string } | null = null;

  /** Starts a step; call it before the server listens, so it is never ready too early. */
  begin(step: string): StartupStep {
    this.#pending.add(step);
    let settled = false;
    return {
      done: () => {
        if (settled) return;
        settled = true;
        this.#pending.delete(step);
      },
      fail: (error) => {
        if (settled) return;
        settled = true;
        this.#pending.delete(step);
        this.#failure ??= { step, message: error instanceof Error ? error.message : String(error) };
      },
    };
  }

  /** Runs `work` as a step: done when it resolves, failed (and rethrown) when it rejects. */
  async run<T>(step: string, work: () => Promise<T>): Promise<T> {
    const s = this.begin(step);
    try {
      const result = await work();
      s.done();
      return result;
    } catch (error) {
      s.fail(error);
      throw error;
    }
  }

  /** The steps still running, in the order they began. */
  get pending(): string[] {
    return [...this.#pending];
  }

  get failure(): { step: string; message: string } | null {
    return this.#failure;
  }

  get ready(): boolean {
    return this.#pending.size === 0 && this.#failure === null;
  }
}
