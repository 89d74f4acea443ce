/**
 * <lab-predict>: the live half of Predict.astro. Enables the choices, keeps the answer out of
 * sight until one is made, then shows it and says, in the group's live region, whether the choice
 * was the answer. A choice can be changed. Nothing is kept anywhere but in the page.
 *
 * Contract for tests: `data-chosen` (the chosen index) and `data-revealed` once the answer shows.
 */
import { isLocale, t, type Locale } from '@/i18n/ui';

export class LabPredict extends HTMLElement {
  #locale: Locale = 'zh-tw';

  connectedCallback(): void {
    if (isLocale(this.dataset['locale'])) this.#locale = this.dataset['locale'];
    const form = this.querySelector<HTMLFieldSetElement>('[data-form]');
    const box = this.querySelector<HTMLDetailsElement>('[data-answer-box]');
    if (!form || !box) return;
    box.hidden = true;
    form.disabled = false;
    this.querySelector<HTMLElement>('[data-note]')!.hidden = false;
    form.addEventListener('change', this.#onChange);
  }

  disconnectedCallback(): void {
    this.querySelector('[data-form]')?.removeEventListener('change', this.#onChange);
  }

  #onChange = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'radio') return;
    const chosen = Number(input.value);
    const right = chosen === Number(this.dataset['answer']);
    const choice = input.closest('label')?.textContent?.trim() ?? '';
    this.dataset['chosen'] = String(chosen);
    this.dataset['revealed'] = '';
    this.querySelector('[data-verdict]')!.textContent = t(this.#locale, 'predictYouChose', { choice, verdict: t(this.#locale, right ? 'predictRight' : 'predictWrong') });
    const box = this.querySelector<HTMLDetailsElement>('[data-answer-box]')!;
    box.hidden = false;
    box.open = true;
    for (const label of this.querySelectorAll('.predict-choice')) {
      const value = Number(label.querySelector('input')?.value);
      label.classList.toggle('is-answer', value === Number(this.dataset['answer']));
    }
  };
}

if (!customElements.get('lab-predict')) customElements.define('lab-predict', LabPredict);

declare global {
  interface HTMLElementTagNameMap {
    'lab-predict': LabPredict;
  }
}
