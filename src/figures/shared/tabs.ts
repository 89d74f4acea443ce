/**
 * The two stacked code blocks under an experiment become keyboard-operable tabs (without JavaScript
 * both stay visible, each with its own heading). DOM only: part of what the page loads up front, so
 * the code reads as tabs before the figure's live half is there.
 */
export function setUpTabs(host: HTMLElement): void {
  const list = host.querySelector<HTMLElement>('[data-tablist]');
  if (!list) return;
  const tabs = Array.from(list.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = host.querySelector<HTMLElement>(`#${other.getAttribute('aria-controls') ?? ''}`);
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  };
  list.hidden = false;
  host.classList.add('tabs-ready');
  select(tabs[0]!, false);
  list.addEventListener('click', (e) => {
    const tab = (e.target as Element).closest<HTMLButtonElement>('[role="tab"]');
    if (tab) select(tab, false);
  });
  list.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (next >= 0) {
      e.preventDefault();
      select(tabs[next]!, true);
    }
  });
}
