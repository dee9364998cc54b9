import { describe, expect, it } from 'vitest';
import { describeJsonShapeProblem, findJsonShapeProblem } from './json';

describe('findJsonShapeProblem', () => {
  it('finds own "__proto__", "constructor" and "prototype" keys at any depth, with their path', () => {
    expect(findJsonShapeProblem(JSON.parse('{"a":{"b":[{"__proto__":1}]}}'))).toEqual({
      kind: 'reserved-key',
      path: ['a', 'b', 0, '__proto__'],
      key: '__proto__',
    });
    expect(findJsonShapeProblem({ proqol: { constructor: 1 } })?.path).toEqual(['proqol', 'constructor']);
    expect(findJsonShapeProblem([{ prototype: null }])?.kind).toBe('reserved-key');
  });

  it('accepts ordinary payloads, including inherited (not own) names', () => {
    expect(findJsonShapeProblem({ proqol: { '1': 3 }, profile: null, tasks: ['a'] })).toBeNull();
    expect(findJsonShapeProblem('x')).toBeNull();
    expect(findJsonShapeProblem(null)).toBeNull();
  });

  it('refuses hostile nesting without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    const problem = findJsonShapeProblem(deep);
    expect(problem?.kind).toBe('too-deep');
    expect(describeJsonShapeProblem(problem!)).toMatch(/nested too deeply/);
    expect(findJsonShapeProblem(JSON.parse(`${'['.repeat(10)}${']'.repeat(10)}`))).toBeNull();
  });
});
