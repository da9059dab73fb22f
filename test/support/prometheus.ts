import parsePrometheusTextFormat, { type Family, type Sample } from "parse-prometheus-text-format";

/**
 * A scrape read the way Prometheus reads it, by an independent text-format parser. That parser
 * (1.1.1) merges a histogram's label sets into one, so histograms are also read untyped: their
 * `_bucket`, `_count` and `_sum` series, each sample with its labels.
 */
export class Scrape {
  private readonly families: Map<string, Family>;
  private readonly series: Map<string, Family>;

  constructor(text: string) {
    // Untyped, one histogram's series alternate (a's buckets, sum, count, then b's): same names, merged.
    const byName = (families: Family[]) => {
      const map = new Map<string, Family>();
      for (const f of families) {
        const seen = map.get(f.name);
        if (seen) seen.metrics.push(...f.metrics);
        else map.set(f.name, f);
      }
      return map;
    };
    this.families = byName(parsePrometheusTextFormat(text));
    this.series = byName(parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram$/gm, "")));
  }

  family(name: string): Family {
    const family = this.families.get(name);
    if (!family) throw new Error(`${name} is not in the scrape`);
    return family;
  }

  /** A counter's or gauge's value, or a histogram's `_count`/`_sum`/`_bucket` (0 when no sample has those labels yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    return Number(find(this.series.get(name), labels)?.value ?? 0);
  }
}

function find(family: Family | undefined, labels: Record<string, string>): Sample | undefined {
  return family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}
