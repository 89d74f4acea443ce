import { describe, expect, it, vi } from 'vitest';

// The engine's own check stands behind the table: here it refuses seed 12345, which the table allows,
// as a rule added to the engine and not yet to the table would.
vi.mock('../engine/config', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../engine/config')>();
  return { ...actual, validate: (c: import('../engine/config').ExperimentConfig) => (c.seed === 12345 ? ['lo too low', 'hi too high', 'and a third refusal here'] : actual.validate(c)) };
});

const { defaults, parseSearch } = await import('./params');

describe('settings the engine refuses although the table allows them', () => {
  it('fall back to the defaults whole, with the engine’s reasons in at most 40 characters', () => {
    const { values, problems } = parseSearch('?seed=12345&lr=0.5&depth=2');
    expect(values).toEqual(defaults());
    expect(problems).toEqual([{ kind: 'invalid', key: 'config', raw: 'lo too low; hi too high; and a third ref', expected: { kind: 'experiment' } }]);
  });

  it('leave settings the engine accepts alone', () => {
    expect(parseSearch('?seed=12346&lr=0.5').problems).toEqual([]);
  });
});
