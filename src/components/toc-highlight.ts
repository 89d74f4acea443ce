/**
 * Active-section highlighting for a table of contents: every link in a `nav.toc` that points at a
 * heading of the page (`a[href^="#"]`) gets `aria-current="true"` while its section is the one being
 * read, meaning the last of those headings whose top has passed the upper third of the window.
 * Works with any number of such navs (say, one beside the article and one at its top); does nothing
 * on a page without one. Reads positions at most once a frame, on scroll and resize.
 */
const links = [...document.querySelectorAll<HTMLAnchorElement>('nav.toc a[href^="#"]')];
const headings = [...new Set(links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1)))))].filter((h) => h !== null);

if (headings.length > 0) {
  let frame = 0;
  const update = () => {
    frame = 0;
    const line = innerHeight / 3;
    const current = headings.filter((h) => h.getBoundingClientRect().top <= line).at(-1);
    for (const a of links) {
      if (current && decodeURIComponent(a.hash.slice(1)) === current.id) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
  };
  const schedule = () => (frame ||= requestAnimationFrame(update));
  addEventListener('scroll', schedule, { passive: true });
  addEventListener('resize', schedule);
  update();
}

export {};
