/**
 * A JSON value written so that equal values give equal text: object keys sorted (by UTF-16
 * code units, recursively), no whitespace. `{"b":1,"a":[2,{"d":3,"c":4}]}` and
 * `{"a":[2,{"c":4,"d":3}],"b":1}` both become `{"a":[2,{"c":4,"d":3}],"b":1}`. Array order
 * counts; numbers and strings are written as JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
