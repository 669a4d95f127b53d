import { textProblem } from '@sms-gateway/contracts';

/** What the API stores as a recipient: optional `+`, then 3 to 20 digits, nothing else. */
const STORED_NUMBER = /^\+?\d{3,20}$/;

/**
 * Why a job's stored data can never be sent, or undefined when it can. The API validated it
 * when it was accepted, but a job can be edited in the dashboard or written to Redis by hand:
 * nothing that could reach gammu as an option, or be cut short on the way, gets through.
 */
export function jobDataProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'the job has no message data';
  const { to, text, encoding } = data as Record<string, unknown>;
  if (typeof to !== 'string' || !STORED_NUMBER.test(to)) return 'the number must be an optional "+" and 3 to 20 digits';
  if (typeof text !== 'string') return 'the text is missing';
  if (encoding !== 'gsm7' && encoding !== 'ucs2') return 'the encoding must be gsm7 or ucs2';
  const problem = textProblem(text);
  return problem ? `the text ${problem}` : undefined;
}
