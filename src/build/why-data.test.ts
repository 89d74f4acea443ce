import { describe, expect, it } from 'vitest';
import { overshootBake } from './why-data';

/**
 * The numbers the overshoot paragraph quotes, held to their definitions: lr·λ for lr = 0.1 (the
 * source article's learning rate in both experiments), the stable limit 2/λ, the factor 1 − lr·λ by
 * which one step scales the error, and five such steps. Each quote is given to two significant
 * digits, so the checks allow that rounding and no more.
 */
const num = (s: string | undefined) => Number(String(s).replace('−', '-'));
const near = (quoted: string | undefined, exact: number) => expect(Math.abs(num(quoted) / exact - 1)).toBeLessThan(0.051);

describe('the overshoot figure’s quoted numbers', () => {
  const { quotes, exp1, exp2 } = overshootBake();
  const lambda1 = num(quotes['lambda1']);
  const lambda2 = num(quotes['lambda2']);

  it('quote lr·λ at the source’s learning rate, 0.1', () => {
    near(quotes['exp1'], 0.1 * lambda1);
    near(quotes['exp2'], 0.1 * lambda2);
  });

  it('quote the largest stable learning rate as 2/λ', () => {
    near(quotes['lr1'], 2 / lambda1);
    near(quotes['lr2'], 2 / lambda2);
  });

  it('quote one step’s factor 1 − lr·λ, and five steps of it', () => {
    near(quotes['factor1'], 1 - exp1);
    near(quotes['factor2'], 1 - exp2);
    near(quotes['grow5'], Math.abs(1 - exp2) ** 5);
  });

  it('put experiment 1 inside the stable range and experiment 2 outside it, as the source’s runs behaved', () => {
    expect(exp1).toBeLessThan(2);
    expect(exp2).toBeGreaterThan(2);
  });
});
