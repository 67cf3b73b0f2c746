/** A one-shot signal between concurrent parts of a test: `await s.fired` waits for `s.fire()`. */
export function signal(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}
