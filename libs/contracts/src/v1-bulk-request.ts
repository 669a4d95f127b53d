import { MAX_BULK_MESSAGES, v1BulkSchema, type V1FieldProblem } from './v1-message-request';

const MESSAGES_PROBLEM: V1FieldProblem = { field: 'messages', message: `"messages" must be an array of 1 to ${MAX_BULK_MESSAGES} messages` };

/**
 * The problems of a bulk body's own shape (its messages are checked one by one later), or
 * undefined when it has none: each unknown top-level field named, "messages" when it is
 * missing or not an array of 1 to 1,000, "body" when the body is not a JSON object.
 */
export function bulkBodyProblems(body: unknown): readonly V1FieldProblem[] | undefined {
  const { error } = v1BulkSchema.validate(body, { abortEarly: false });
  if (!error) return undefined;
  const problems: V1FieldProblem[] = [];
  for (const detail of error.details) {
    const [field] = detail.path;
    if (detail.type === 'object.unknown' && typeof field === 'string') {
      problems.push({ field, message: `"${field}" is not allowed: a bulk body has only "messages" (set sendAt, expiresAt, … on each message)` });
    } else if (field === 'messages') {
      if (!problems.includes(MESSAGES_PROBLEM)) problems.unshift(MESSAGES_PROBLEM);
    } else {
      problems.push({ field: 'body', message: 'the body must be a JSON object: {"messages": [...]}' });
    }
  }
  return problems;
}
