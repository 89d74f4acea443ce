import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figuresIn } from './figures';

describe('the figures of an article', () => {
  it('are its islands in order, named as the islands name themselves', () => {
    const mdx = `
import Experiment from '@/figures/experiment/Experiment.astro';
Some prose.

<Experiment experiment="exp1" />

More prose, then <FixCompare fix="normalize" /> and <Ensemble experiment="exp3" seeds={50} />
<Ensemble experiment="exp1" />`;
    expect(figuresIn(mdx)).toEqual([
      { id: 'exp1', kind: 'experiment', experiment: 'exp1' },
      { id: 'fix-normalize', kind: 'fix', fix: 'normalize' },
      { id: 'ensemble-exp3', kind: 'ensemble', experiment: 'exp3', seeds: 50 },
      { id: 'ensemble-exp1', kind: 'ensemble', experiment: 'exp1', seeds: undefined },
    ]);
  });

  it('include the gradient through time, which has one form and so one id', () => {
    expect(figuresIn('Prose.\n\n<ThroughTime />\n\n<ThroughTime/>')).toEqual([{ id: 'through-time', kind: 'through-time' }]);
    expect(figuresIn('<ExplodingThroughTime />')).toEqual([{ id: 'exploding-through-time', kind: 'exploding-through-time' }]);
  });

  it('include the what-to-do figure (baked only, one form)', () => {
    expect(figuresIn('<Remedies />\n\n<Remedies/>')).toEqual([{ id: 'remedies', kind: 'remedies' }]);
  });

  it('are listed once even when the article shows one twice', () => {
    expect(figuresIn('<Experiment experiment="exp2" />\n<Experiment experiment="exp2"/>')).toHaveLength(1);
  });

  it('read a figure whose tag has children, not only a self-closing one', () => {
    expect(figuresIn('<Experiment experiment="exp3">\n  caption\n</Experiment>')).toEqual([{ id: 'exp3', kind: 'experiment', experiment: 'exp3' }]);
  });

  it('read each tag by its own attribute: an experiment on a fix, a fix on an experiment, mean nothing', () => {
    expect(figuresIn('<FixCompare fix="magic" experiment="exp2" />')).toEqual([]);
    expect(figuresIn('<Experiment experiment="exp1" fix="adam" />')).toEqual([{ id: 'exp1', kind: 'experiment', experiment: 'exp1' }]);
  });

  it('leave out tags that name no known experiment or fix, and other components', () => {
    expect(figuresIn('<Experiment experiment="exp9" /> <FixCompare fix="magic" /> <Num exp="exp1" q="lossFirst" />')).toEqual([]);
  });

  it('include every island of both translations of the article, the same in each', () => {
    const ids = (locale: string) => figuresIn(readFileSync(`content/articles/exploding-vanishing-gradients/${locale}.mdx`, 'utf8')).map((f) => f.id);
    expect(ids('en')).toEqual(expect.arrayContaining(['exp1', 'exp2', 'exp3', 'fix-normalize', 'fix-adam']));
    expect(ids('zh-tw')).toEqual(ids('en'));
  });
});
