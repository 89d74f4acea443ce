/**
 * The site's articles as a series: the published articles of one locale that have a `part`, in
 * part order, and the parts before and after a given one. Pure, so that the home page and the
 * article layout order them the same way and a test can check it.
 */
export interface SeriesItem {
  slug: string;
  title: string;
  part: number;
}

export interface SeriesPlace {
  /** This article's part and the series' length. */
  part: number;
  total: number;
  previous?: SeriesItem | undefined;
  next?: SeriesItem | undefined;
}

/** The items that have a part, in part order; two articles may not claim the same part. */
export function seriesOrder(items: readonly { slug: string; title: string; part?: number | undefined }[]): SeriesItem[] {
  const parts = items.filter((i): i is SeriesItem => i.part !== undefined).sort((a, b) => a.part - b.part);
  for (let i = 1; i < parts.length; i++) {
    if (parts[i]!.part === parts[i - 1]!.part) throw new Error(`articles ${parts[i - 1]!.slug} and ${parts[i]!.slug} both claim part ${parts[i]!.part} of the series`);
  }
  return parts;
}

/** Where `slug` sits in the series, or undefined when it is not part of it. */
export function seriesPlace(series: readonly SeriesItem[], slug: string): SeriesPlace | undefined {
  const at = series.findIndex((i) => i.slug === slug);
  if (at < 0) return undefined;
  return { part: at + 1, total: series.length, previous: series[at - 1], next: series[at + 1] };
}
