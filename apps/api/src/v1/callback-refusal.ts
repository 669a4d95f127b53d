import type { V1FieldProblem } from '@sms-gateway/contracts';
import type { SmsJobRequest } from '@sms-gateway/queues';
import type { CallbackUrlGuard } from '@sms-gateway/webhooks';

/** The problem with a job's callbackUrl when it reaches inside the network (answered 422 callback_url_not_allowed), else undefined. */
export async function callbackRefusal(job: SmsJobRequest, guard: CallbackUrlGuard): Promise<readonly V1FieldProblem[] | undefined> {
  const url = job.data.callbackUrl;
  if (!url) return undefined;
  const refused = await guard.check(url);
  return refused ? [{ field: 'callbackUrl', message: refused.message }] : undefined;
}
