import type { ControlledTransaction, Kysely, Transaction } from "kysely";
import type { DB } from "./schema.js";

interface Job {
  work: (tx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MEMBER = "ordo_group_member";

/**
 * Group commit for SQLite. SQLite has one writer and a commit costs an fsync of every page the
 * transaction touched; concurrent writers queue for the lock anyway. So transactions that
 * arrive while one is running are run together: one `BEGIN IMMEDIATE`, each transaction's work
 * inside its own SAVEPOINT (a failing one rolls back to it alone, exactly as its own
 * transaction would have), then one COMMIT — one fsync for the whole group, and the pages the
 * group shares (the tail of every index) are written once.
 *
 * Each caller's promise settles only after the group's COMMIT, so nobody is told "done" before
 * the change is durable. A member is never affected by another's failure: if the COMMIT
 * itself fails, the members run again one transaction each. Without concurrency a transaction
 * runs alone at once: nothing waits for company.
 */
export class GroupCommitter {
  private queue: Job[] = [];
  private running = false;
  /** Shared commits made, and the transactions they carried (for /metrics). */
  readonly stats = { commits: 0, transactions: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxGroup = 64,
  ) {}

  run<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runGroup();
    } finally {
      this.running = false;
    }
  }

  private async runGroup(): Promise<void> {
    let trx: ControlledTransaction<DB>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const job of this.queue.splice(0, this.maxGroup)) job.reject(error);
      return;
    }
    // The members are taken once the write lock is held, after one turn of the event loop:
    // requests whose reads were served while we waited for the lock reach the queue in it,
    // and join this commit instead of each waiting for a commit of their own.
    await new Promise((resolve) => setImmediate(resolve));
    const group = this.queue.splice(0, this.maxGroup);
    const succeeded: Array<{ job: Job; result: unknown }> = [];
    let broken: unknown = null;
    for (const [i, job] of group.entries()) {
      if (broken) {
        // Not started yet: they go first into the next group.
        this.queue.unshift(...group.slice(i));
        break;
      }
      const member = await trx.savepoint(MEMBER).execute();
      try {
        const result = await job.work(member);
        await member.releaseSavepoint(MEMBER).execute();
        succeeded.push({ job, result });
      } catch (error) {
        job.reject(error);
        try {
          await member.rollbackToSavepoint(MEMBER).execute();
          await member.releaseSavepoint(MEMBER).execute();
        } catch (fatal) {
          // SQLite rolled the whole transaction back itself (I/O error, disk full): nothing of
          // the group survives, so nobody in it may be told "done".
          broken = fatal;
        }
      }
    }
    let failure: unknown = broken;
    if (!failure) {
      try {
        await trx.commit().execute();
      } catch (error) {
        failure = error;
      }
    }
    if (!failure) {
      this.stats.commits++;
      this.stats.transactions += succeeded.length;
      for (const { job, result } of succeeded) job.resolve(result);
      return;
    }
    // The group as a whole could not commit (a deferred constraint of one member, an I/O
    // error): nothing of it is stored. Each member that had succeeded runs again on its own,
    // so none fails for another's fault — as inTransaction's retries, the work is re-runnable.
    await trx
      .rollback()
      .execute()
      .catch(() => undefined);
    for (const { job } of succeeded) {
      await this.db.transaction().execute(job.work).then(job.resolve, job.reject);
    }
  }
}

const committers = new WeakMap<object, GroupCommitter>();

/** Makes `inTransaction` on `db` group concurrent transactions into one commit (SQLite). */
export function enableGroupCommit(db: Kysely<DB>, maxGroup?: number): void {
  committers.set(db, new GroupCommitter(db, maxGroup));
}

export const groupCommitterOf = (db: object): GroupCommitter | undefined => committers.get(db);
