/**
 * Test helpers: build ProQOL answers as a plain object keyed by item id.
 * Not exported from the package index.
 */
export function answersAll(value: number | null, overrides: Readonly<Record<number, number | null>> = {}) {
  const answers: Record<number, number | null> = {};
  for (let id = 1; id <= 30; id++) answers[id] = value;
  return { ...answers, ...overrides };
}

/** Sets the given items to a value. */
export function setItems(items: readonly number[], value: number | null): Record<number, number | null> {
  return Object.fromEntries(items.map((id) => [id, value]));
}
