/** One problem of a query, as `invalid_query` lists it. */
export interface QueryProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Query parameters that are whole numbers must be written in digits: Joi alone would also read
 * "1e1", "+5", " 5" or "5.0" as numbers. The schema then checks their range.
 */
export function digitsOnlyProblems(query: Record<string, unknown>, names: readonly string[]): QueryProblem[] {
  return names.flatMap((name) => {
    const value = query[name];
    return value === undefined || (typeof value === 'string' && /^\d+$/.test(value)) ? [] : [{ field: name, message: `"${name}" must be written in digits only` }];
  });
}
