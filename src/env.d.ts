declare namespace App {
  interface Locals {
    /** On an article page: its figures with an embed page, id → the <iframe>'s height (src/pages/[locale]/[slug].astro sets it, EmbedControl.astro reads it). */
    embeds?: ReadonlyMap<string, number>;
  }
}
