import { describe, expect, it } from 'vitest';
import { articleLength } from './words';

const page = (main: string) => `<!doctype html><html><body><nav>Contents here</nav><main>${main}</main><footer>Footer words</footer></body></html>`;

describe('articleLength', () => {
  it('counts English words as runs of letters or digits, in main only', () => {
    // "It", "s", "x", "2", "is", "10", "times", "bigger" (the apostrophe and the dash split words).
    expect(articleLength(page("<p>It's x—2 is 10 times bigger.</p>"), 'en')).toEqual({ core: 8, folds: 0 });
  });

  it('counts zh-TW ideographs, not punctuation, Latin letters or digits', () => {
    // 梯度消失 (4) + 很常見 (3); "ReLU", "3" and the full-width punctuation do not count.
    expect(articleLength(page('<p>梯度消失，ReLU 3 很常見。</p>'), 'zh-tw')).toEqual({ core: 7, folds: 0 });
  });

  it('puts the text of a prose fold apart from the core path', () => {
    const html = page('<p>one two</p><details><summary>Going deeper</summary><p>three four five</p></details>');
    expect(articleLength(html, 'en')).toEqual({ core: 2, folds: 5 });
  });

  it('leaves out figures, islands, code, tables, formulas and asides', () => {
    const html = page(
      '<p>counted</p><figure>no</figure><lab-experiment data-experiment="exp1"><p>no</p></lab-experiment>' +
        '<pre>no</pre><p>also <code>no</code> <span class="katex">no</span></p><table><tr><td>no</td></tr></table><aside>no</aside>' +
        '<section class="cite"><p>no</p></section><button>no</button>',
    );
    expect(articleLength(html, 'en')).toEqual({ core: 2, folds: 0 });
  });

  it('reads a predict-then-look question as the reader does: question and choices in the core, the answer with the folds, its frame not at all', () => {
    const frame = ['<p class="predict-note">pick</p>', '<button>skip</button>', '<p class="predict-verdict">right</p>'];
    const question = '<fieldset><legend><span class="predict-label">Predict</span> what now?</legend><label><input type="radio"><span>this one</span></label></fieldset>';
    const answer = '<details class="predict-answer"><summary>Answer</summary><div>because it is</div></details>';
    expect(articleLength(page(`<lab-predict>${question}${frame.join('')}${answer}</lab-predict>`), 'en')).toEqual({ core: 4, folds: 3 });
  });

  it('counts nothing in a text without words or ideographs', () => {
    expect(articleLength(page('<p>— … ?</p>'), 'en')).toEqual({ core: 0, folds: 0 });
    expect(articleLength(page('<p>ReLU, 3.</p>'), 'zh-tw')).toEqual({ core: 0, folds: 0 });
  });

  it('refuses a page without <main>', () => {
    expect(() => articleLength('<html><body><p>x</p></body></html>', 'en')).toThrow(/main/);
  });
});
