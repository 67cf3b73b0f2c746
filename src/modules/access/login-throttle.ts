import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../../domain/errors.js";

/** A client address may try this many times more often than one account may fail. */
const ADDRESS_FACTOR = 5;

/**
 * Login throttling, decided after the body is read: wrong passwords count against the account
 * (so guessing one account's password is slow from any number of addresses) and every attempt
 * counts against the client address (so one address cannot sweep many accounts). A wrong password
 * for one account never locks out another. Counters live in this process's memory: with N
 * processes an attacker gets N times the budget, which still bounds guessing; a shared store
 * (rate-limiter-flexible has Redis and PostgreSQL ones) would make it exact.
 */
export class LoginThrottle {
  private readonly failuresPerAccount: RateLimiterMemory;
  private readonly attemptsPerAddress: RateLimiterMemory;

  constructor(private readonly perMinute: number) {
    this.failuresPerAccount = new RateLimiterMemory({ points: perMinute, duration: 60 });
    this.attemptsPerAddress = new RateLimiterMemory({ points: perMinute * ADDRESS_FACTOR, duration: 60 });
  }

  /** Throws 429 when the account or the address is out of attempts; counts this attempt. */
  async admit(email: string, address: string): Promise<void> {
    const account = await this.failuresPerAccount.get(accountKey(email));
    if (account && account.consumedPoints >= this.perMinute) throw tooMany(account, "this account");
    try {
      await this.attemptsPerAddress.consume(address);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooMany(error, "this address");
      throw error;
    }
  }

  async failed(email: string): Promise<void> {
    await this.failuresPerAccount.penalty(accountKey(email), 1);
  }

  async succeeded(email: string): Promise<void> {
    await this.failuresPerAccount.delete(accountKey(email));
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();

function tooMany(res: RateLimiterRes, what: string): DomainError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new DomainError(
    "too-many-login-attempts",
    `Too many sign-in attempts for ${what}; retry in ${seconds} s`,
    { retry_after_seconds: seconds },
  );
}
