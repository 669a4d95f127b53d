import { PrometheusTextError } from './prometheus-text.error';

/** One `name{labels} value` line. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of one metric, with its `# HELP` and `# TYPE`. */
export interface MetricFamily {
  readonly name: string;
  readonly help?: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly samples: PrometheusSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+(-?\d+))?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"\s*(,|$)/y;
const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/**
 * Parses (and thereby checks) Prometheus text exposition format 0.0.4: `# HELP` and
 * `# TYPE` lines, `name{label="value",…} value [timestamp]` samples, at most one TYPE per
 * metric and before its samples, each family's samples together, and histograms with
 * cumulative `_bucket` series ending in `le="+Inf"` equal to `_count`, plus `_sum`.
 * Throws PrometheusTextError naming the first offending line.
 */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, Building>();
  const closed = new Set<string>();
  let current: string | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();

  const enter = (name: string, line: number) => {
    if (name === current) return;
    if (closed.has(name)) throw new PrometheusTextError(`samples of ${name} are not together`, line);
    if (current !== undefined) closed.add(current);
    current = name;
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const match = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(raw);
      if (!match) return; // a plain comment
      const [, keyword, name = '', rest = ''] = match;
      if (!METRIC_NAME.test(name)) throw new PrometheusTextError(`invalid metric name ${JSON.stringify(name)}`, line);
      enter(name, line);
      const family = familyNamed(families, name);
      if (keyword === 'HELP') {
        if (family.help !== undefined) throw new PrometheusTextError(`second HELP for ${name}`, line);
        family.help = rest;
      } else {
        if (!isType(rest)) throw new PrometheusTextError(`unknown type ${JSON.stringify(rest)} for ${name}`, line);
        if (family.typed || family.samples.length > 0) throw new PrometheusTextError(`TYPE of ${name} repeated or after its samples`, line);
        family.type = rest;
        family.typed = true;
      }
      return;
    }

    const match = SAMPLE.exec(raw);
    if (!match) throw new PrometheusTextError(`not a sample line: ${JSON.stringify(raw)}`, line);
    const [, name = '', labelText = '', valueText = ''] = match;
    const value = parseValue(valueText);
    if (value === undefined) throw new PrometheusTextError(`invalid value ${JSON.stringify(valueText)}`, line);
    const labels = parseLabels(labelText, line);
    const familyName = familyOf(name, families);
    enter(familyName, line);
    familyNamed(families, familyName).samples.push({ name, labels, value });
  });

  const result = new Map<string, MetricFamily>();
  for (const { name, help, type, samples } of families.values()) {
    const family: MetricFamily = { name, type, samples, ...(help === undefined ? {} : { help }) };
    if (type === 'histogram') checkHistogram(family);
    result.set(name, family);
  }
  return result;
}

/** A family while its lines are read. */
interface Building {
  name: string;
  help?: string;
  type: MetricFamily['type'];
  typed: boolean;
  samples: PrometheusSample[];
}

function familyNamed(families: Map<string, Building>, name: string): Building {
  const family = families.get(name) ?? { name, type: 'untyped', typed: false, samples: [] };
  families.set(name, family);
  return family;
}

const isType = (text: string): text is MetricFamily['type'] => TYPES.has(text);

/** The value of the sample named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) return sample.value;
    }
  }
  return undefined;
}

function familyOf(sampleName: string, families: Map<string, Building>): string {
  if (families.has(sampleName)) return sampleName;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      const base = sampleName.endsWith(suffix) ? sampleName.slice(0, -suffix.length) : undefined;
      if (base && families.get(base)?.type === type) return base;
    }
  }
  return sampleName;
}

/** A float as Prometheus reads it (Go's ParseFloat: NaN and Inf in any letter case). */
function parseValue(text: string): number | undefined {
  const word = text.toLowerCase();
  if (word === 'nan') return NaN;
  if (word === '+inf' || word === 'inf') return Infinity;
  if (word === '-inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) throw new PrometheusTextError(`invalid labels at ${JSON.stringify(text.slice(start))}`, line);
    const [, name = '', escaped = '', separator] = match;
    if (name in labels) throw new PrometheusTextError(`label ${name} repeated`, line);
    labels[name] = escaped.replace(/\\(["\\n])/g, (_all, char: string) => (char === 'n' ? '\n' : char));
    if (separator === '' && LABEL.lastIndex < text.length) throw new PrometheusTextError('labels not separated by commas', line);
  }
  return labels;
}

/** Buckets cumulative and ending at +Inf, which equals _count; a _sum per series. */
function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name === `${family.name}_bucket`) {
      const bound = le === undefined ? undefined : parseValue(le);
      if (bound === undefined) throw new PrometheusTextError(`${sample.name} without a valid le label`);
      entry.buckets.push([bound, sample.value]);
    } else if (sample.name === `${family.name}_sum`) entry.sum = sample.value;
    else if (sample.name === `${family.name}_count`) entry.count = sample.value;
    else throw new PrometheusTextError(`${sample.name} is not a series of histogram ${family.name}`);
  }
  for (const [key, { buckets, sum, count }] of series) {
    const where = `${family.name}${key}`;
    if (sum === undefined || count === undefined) throw new PrometheusTextError(`${where} lacks _sum or _count`);
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new PrometheusTextError(`${where} lacks the le="+Inf" bucket`);
    if (last[1] !== count) throw new PrometheusTextError(`${where}: +Inf bucket ${last[1]} differs from _count ${count}`);
    buckets.forEach(([bound, value], i) => {
      const previous = buckets[i - 1];
      if (previous && (bound <= previous[0] || value < previous[1])) {
        throw new PrometheusTextError(`${where}: buckets are not increasing and cumulative`);
      }
    });
  }
}
