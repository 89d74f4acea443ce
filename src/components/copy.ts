/**
 * Copy buttons, one listener for the page. A `button[data-copy="id"]` copies the text of the
 * element with that id (a textarea's value); an empty `data-copy` copies the element after the
 * button. Every code block (`pre.astro-code`) gets such a button, cloned from the page's
 * `template[data-copy-code]`. The buttons are `hidden` in the HTML, since they need this script.
 * The result is said in the page's `[data-copy-status]` live region, in the page's language.
 */
const status = document.querySelector<HTMLElement>('[data-copy-status]');
const template = document.querySelector<HTMLTemplateElement>('template[data-copy-code]');

if (template?.content.firstElementChild) {
  for (const pre of document.querySelectorAll('pre.astro-code')) pre.before(template.content.firstElementChild.cloneNode(true));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) button.hidden = false;

document.addEventListener('click', (e) => {
  const button = (e.target as Element | null)?.closest<HTMLButtonElement>('button[data-copy]');
  if (!button || !status) return;
  const id = button.dataset['copy'];
  const source = id ? document.getElementById(id) : button.nextElementSibling;
  if (!source) return;
  const text = source instanceof HTMLTextAreaElement ? source.value : (source.textContent ?? '');
  navigator.clipboard.writeText(text).then(
    () => (status.textContent = status.dataset['copied'] ?? ''),
    () => {
      // No clipboard here (an insecure context, a frame without the permission): select it for the reader.
      if (source instanceof HTMLTextAreaElement) source.select();
      else getSelection()?.selectAllChildren(source);
      status.textContent = status.dataset['failed'] ?? '';
    },
  );
});

export {};
