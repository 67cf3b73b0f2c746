import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's "safely unguessable" score: ~10^8 guesses or more, out of reach of online guessing. */
const MIN_SCORE = 3;

// Building the matcher loads ~7 MB of dictionaries (~100 ms), so it happens on first use only.
let estimator: ZxcvbnFactory | undefined;
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: english.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return estimator;
}

/**
 * Why a password would be refused, or null when it is acceptable: long enough and not guessable
 * from common passwords, words, keyboard walks, repetitions, dates or what is known of the user
 * (their e-mail and name, and the product's own name).
 */
export function passwordWeakness(password: string, knownAboutUser: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  const userWords = [
    "ordo",
    ...knownAboutUser.flatMap((value) => [
      value.toLowerCase(),
      ...value.toLowerCase().split(/[^\p{L}\p{N}]+/u),
    ]),
  ];
  const result = strengthEstimator().check(
    password,
    userWords.filter((w) => w.length >= 3),
  );
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ?? "This password is easy to guess.";
  const hint = result.feedback.suggestions[0] ?? "Use a few uncommon words together.";
  return `${why} ${hint}`;
}
