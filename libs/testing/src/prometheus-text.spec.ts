import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './prometheus-text';
import { PrometheusTextError } from './prometheus-text.error';

const VALID = `# HELP demo_requests_total Requests.
# TYPE demo_requests_total counter
demo_requests_total{method="POST",route="/enviar-sms",status="202"} 3
demo_requests_total{method="GET",route="unmatched",status="404"} 1 1700000000000
# a plain comment
# HELP demo_up Up.
# TYPE demo_up gauge
demo_up 1
# HELP demo_duration_seconds Durations.
# TYPE demo_duration_seconds histogram
demo_duration_seconds_bucket{le="0.01",route="/x"} 1
demo_duration_seconds_bucket{le="0.1",route="/x"} 2
demo_duration_seconds_bucket{le="+Inf",route="/x"} 2
demo_duration_seconds_sum{route="/x"} 0.055
demo_duration_seconds_count{route="/x"} 2
demo_odd{text="a \\"quoted\\" \\\\ back\\nslash",} NaN
`;

describe('parsePrometheusText', () => {
  it('reads HELP, TYPE, labelled samples, histograms and escaped label values', () => {
    const families = parsePrometheusText(VALID);
    expect([...families.keys()]).toEqual(['demo_requests_total', 'demo_up', 'demo_duration_seconds', 'demo_odd']);
    expect(families.get('demo_requests_total')).toMatchObject({ type: 'counter', help: 'Requests.' });
    expect(families.get('demo_duration_seconds')?.samples).toHaveLength(5);
    expect(families.get('demo_odd')).toMatchObject({ type: 'untyped', samples: [{ labels: { text: 'a "quoted" \\ back\nslash' } }] });
    expect(sampleValue(families, 'demo_requests_total', { status: '202' })).toBe(3);
    expect(sampleValue(families, 'demo_duration_seconds_count', { route: '/x' })).toBe(2);
    expect(sampleValue(families, 'demo_up')).toBe(1);
    expect(sampleValue(families, 'demo_up', { nope: 'x' })).toBeUndefined();
  });

  it.each([
    ['a sample without a value', 'demo_up\n'],
    ['a value that is not a number', 'demo_up one\n'],
    ['an invalid metric name', '# TYPE 1demo gauge\n1demo 1\n'],
    ['an unknown type', '# TYPE demo_up meter\n'],
    ['a TYPE after the samples', 'demo_up 1\n# TYPE demo_up gauge\n'],
    ['a second TYPE', '# TYPE demo_up gauge\n# TYPE demo_up gauge\n'],
    ['an unquoted label value', 'demo_up{a=b} 1\n'],
    ['labels without a comma between them', 'demo_up{a="1" b="2"} 1\n'],
    ['a repeated label', 'demo_up{a="1",a="2"} 1\n'],
    ['samples of one metric split up', 'demo_a 1\ndemo_b 1\ndemo_a 2\n'],
    ['a histogram without +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['a histogram whose +Inf bucket differs from _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
    ['a histogram with decreasing buckets', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'],
    ['a histogram without _sum', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow(PrometheusTextError);
  });

  it('names the offending line', () => {
    expect(() => parsePrometheusText('demo_up 1\ndemo_down x\n')).toThrow(/^line 2: /);
  });
});
