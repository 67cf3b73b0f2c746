/** Runs `work` with `value` stored under `key` in `map`, removed again however `work` ends. */
export async function withEntry<K extends object, V, T>(
  map: WeakMap<K, V>,
  key: K,
  value: V,
  work: () => Promise<T>,
): Promise<T> {
  map.set(key, value);
  try {
    return await work();
  } finally {
    map.delete(key);
  }
}
