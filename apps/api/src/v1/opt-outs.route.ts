import type { RequestHandler, Response } from 'express';
import { checkPhoneNumber } from '@sms-gateway/contracts';
import type { TwoWayStores } from '../messages/two-way-stores';
import { sendV1Error } from './v1-errors';

/** The `{number}` of the path, normalised as the send endpoints do; answers 422 when it is not a number. */
function numberOf(raw: string, res: Response): string | undefined {
  const check = checkPhoneNumber(raw);
  if (check.ok) return check.number;
  sendV1Error(res, 'validation_failed', [{ field: 'number', message: '"number" must be 3 to 20 digits with an optional leading "+"' }]);
  return undefined;
}

/** `GET /v1/opt-outs`: every opted-out number, most recent first. */
export const listOptOutsRoute =
  (stores: TwoWayStores): RequestHandler =>
  async (_req, res) => {
    res.json({ data: await stores.read(() => stores.optOuts.list()) });
  };

/** `PUT /v1/opt-outs/:number`: 201 when opted out now, 200 with the first record when it already was. */
export const putOptOutRoute =
  (stores: TwoWayStores): RequestHandler =>
  async (req, res) => {
    const number = numberOf(String(req.params.number), res);
    if (number === undefined) return;
    const { created, record } = await stores.read(() => stores.optOuts.optOut(number, 'api'));
    res.status(created ? 201 : 200).json(record);
  };

/** `DELETE /v1/opt-outs/:number`: 204 once opted back in, 404 when it was not opted out. */
export const deleteOptOutRoute =
  (stores: TwoWayStores): RequestHandler =>
  async (req, res) => {
    const number = numberOf(String(req.params.number), res);
    if (number === undefined) return;
    const removed = await stores.read(() => stores.optOuts.optIn(number));
    if (!removed) return sendV1Error(res, 'not_found', undefined, 'That number is not opted out.');
    res.status(204).end();
  };
