/**
 * <lab-predict>: the live half of Predict.astro. Enables the choices, keeps the answer out of
 * sight until one is made, then shows it and says, in the group's live region, whether the choice
 * was the answer. A choice can be changed. Nothing is kept anywhere but in the page.
 *
 * The figure the question is about (`data-veils`, an element id) is blurred until the reader
 * chooses, presses "show the results without guessing", or uses the figure itself (a pointer or a
 * key inside it, or a run starting there, e.g. a map cell loaded into it): the results are the
 * answer, so they wait for the guess, but nothing is ever kept from a reader who wants them.
 *
 * Contract for tests: `data-chosen` (the chosen index) and `data-revealed` once the answer shows;
 * the figure carries `data-veiled` while it is blurred.
 */
import { Shell } from '@/figures/shared/shell';

export class LabPredict extends HTMLElement {
  readonly #shell = new Shell(this);
  #figure: HTMLElement | null = null;
  #watch: MutationObserver | null = null;

  connectedCallback(): void {
    const form = this.querySelector<HTMLFieldSetElement>('[data-form]');
    const box = this.querySelector<HTMLDetailsElement>('[data-answer-box]');
    if (!form || !box) return;
    box.hidden = true;
    form.disabled = false;
    this.querySelector<HTMLElement>('[data-note]')!.hidden = false;
    form.addEventListener('change', this.#onChange);
    this.#veil();
  }

  disconnectedCallback(): void {
    this.querySelector('[data-form]')?.removeEventListener('change', this.#onChange);
    this.#unveil();
  }

  #veil(): void {
    const id = this.dataset['veils'];
    const figure = id ? document.getElementById(id) : null;
    // A figure already in use (a reader who scrolled back up, a run under way) stays as it is.
    if (!figure || this.dataset['revealed'] !== undefined || (figure.dataset['state'] ?? 'idle') !== 'idle') return;
    this.#figure = figure;
    figure.dataset['veiled'] = '';
    figure.querySelector<HTMLElement>('.lab-grid')?.setAttribute('data-veil-text', this.#shell.t('predictVeil'));
    figure.addEventListener('pointerdown', this.#unveil, { capture: true });
    figure.addEventListener('keydown', this.#unveil, { capture: true });
    this.#watch = new MutationObserver(() => {
      if (figure.dataset['state'] !== 'idle') this.#unveil();
    });
    this.#watch.observe(figure, { attributes: true, attributeFilter: ['data-state'] });
    const skip = this.querySelector<HTMLButtonElement>('[data-skip]');
    if (skip) {
      skip.hidden = false;
      skip.addEventListener('click', this.#unveil, { once: true });
    }
  }

  #unveil = (): void => {
    const figure = this.#figure;
    this.#figure = null;
    this.#watch?.disconnect();
    this.#watch = null;
    // Out of sight but still taking its room: the reader's press that cleared the blur may be the
    // first half of a click on the figure below, which must not move under the pointer.
    const skip = this.querySelector<HTMLButtonElement>('[data-skip]');
    if (skip && !skip.hidden) skip.style.visibility = 'hidden';
    if (!figure) return;
    figure.removeEventListener('pointerdown', this.#unveil, { capture: true });
    figure.removeEventListener('keydown', this.#unveil, { capture: true });
    delete figure.dataset['veiled'];
  };

  #onChange = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'radio') return;
    const chosen = Number(input.value);
    const right = chosen === Number(this.dataset['answer']);
    const choice = input.closest('label')?.textContent?.trim() ?? '';
    this.dataset['chosen'] = String(chosen);
    this.dataset['revealed'] = '';
    this.querySelector('[data-verdict]')!.textContent = this.#shell.t('predictYouChose', { choice, verdict: this.#shell.t(right ? 'predictRight' : 'predictWrong') });
    const box = this.querySelector<HTMLDetailsElement>('[data-answer-box]')!;
    box.hidden = false;
    box.open = true;
    for (const label of this.querySelectorAll('.predict-choice')) {
      const value = Number(label.querySelector('input')?.value);
      label.classList.toggle('is-answer', value === Number(this.dataset['answer']));
    }
    this.#unveil();
  };
}

if (!customElements.get('lab-predict')) customElements.define('lab-predict', LabPredict);

declare global {
  interface HTMLElementTagNameMap {
    'lab-predict': LabPredict;
  }
}
