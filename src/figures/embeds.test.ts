import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figuresIn } from './embeds';

describe('the figures of an article', () => {
  it('are its islands in order, named as the islands name themselves', () => {
    const mdx = `
import Experiment from '@/figures/experiment/Experiment.astro';
Some prose.

<Experiment experiment="exp1" />

More prose, then <FixCompare fix="normalize" /> and <Ensemble experiment="exp3" seeds={50} />
<Ensemble experiment="exp1" />`;
    expect(figuresIn(mdx)).toEqual([
      { id: 'exp1', tag: 'Experiment', props: { experiment: 'exp1' }, height: 560 },
      { id: 'fix-normalize', tag: 'FixCompare', props: { fix: 'normalize' }, height: 740 },
      { id: 'ensemble-exp3', tag: 'Ensemble', props: { experiment: 'exp3', seeds: 50 }, height: 660 },
      { id: 'ensemble-exp1', tag: 'Ensemble', props: { experiment: 'exp1' }, height: 660 },
    ]);
  });

  it('include the gradient through time, which has one form and so one id', () => {
    expect(figuresIn('Prose.\n\n<ThroughTime />\n\n<ThroughTime/>')).toEqual([{ id: 'through-time', tag: 'ThroughTime', props: {}, height: 810 }]);
    expect(figuresIn('<ExplodingThroughTime />')).toEqual([{ id: 'exploding-through-time', tag: 'ExplodingThroughTime', props: {}, height: 960 }]);
  });

  it('include the what-to-do figure (baked only, one form)', () => {
    expect(figuresIn('<Remedies />\n\n<Remedies/>')).toEqual([{ id: 'remedies', tag: 'Remedies', props: {}, height: 900 }]);
    expect(figuresIn('<Memory />')).toEqual([{ id: 'memory', tag: 'Memory', props: {}, height: 900 }]);
  });

  it('are listed once even when the article shows one twice', () => {
    expect(figuresIn('<Experiment experiment="exp2" />\n<Experiment experiment="exp2"/>')).toHaveLength(1);
  });

  it('read a figure whose tag has children, not only a self-closing one', () => {
    expect(figuresIn('<Experiment experiment="exp3">\n  caption\n</Experiment>')).toEqual([{ id: 'exp3', tag: 'Experiment', props: { experiment: 'exp3' }, height: 560 }]);
  });

  it('read each tag by its own attribute: an experiment on a fix, a fix on an experiment, mean nothing', () => {
    expect(figuresIn('<FixCompare fix="magic" experiment="exp2" />')).toEqual([]);
    expect(figuresIn('<Experiment experiment="exp1" fix="adam" />')).toEqual([{ id: 'exp1', tag: 'Experiment', props: { experiment: 'exp1' }, height: 560 }]);
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
