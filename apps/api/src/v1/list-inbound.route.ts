import type { RequestHandler } from 'express';
import type { TwoWayStores } from '../messages/two-way-stores';
import { listInboundQuerySchema, type ListInboundQuery } from './inbound-query.schema';
import { digitsOnlyProblems } from './digits-only-query';
import { sendV1Error } from './v1-errors';

/** `GET /v1/inbound?from=&limit=&cursor=`: received SMS, newest first, paged. */
export const listInboundRoute =
  (stores: TwoWayStores): RequestHandler =>
  async (req, res) => {
    const notDigits = digitsOnlyProblems(req.query, ['limit']);
    if (notDigits.length > 0) return sendV1Error(res, 'invalid_query', notDigits);
    const { value, error } = listInboundQuerySchema.validate(req.query);
    if (error) return sendV1Error(res, 'invalid_query', error.details.map((detail) => ({ field: detail.path.join('.'), message: detail.message })));
    // The schema admits only cursors of the store's form, so the store never refuses one.
    const query = value as ListInboundQuery;
    res.json(await stores.read(() => stores.inbound.list(query)));
  };

/** Ids of received SMS are short tokens; anything else cannot name one. */
const INBOUND_ID = /^[\w.:-]{1,128}$/;

/** `GET /v1/inbound/:id`: one received SMS, 404 for any id that is not one. */
export const getInboundRoute =
  (stores: TwoWayStores): RequestHandler =>
  async (req, res) => {
    const id = String(req.params.id);
    const message = INBOUND_ID.test(id) ? await stores.read(() => stores.inbound.get(id)) : undefined;
    if (!message) return sendV1Error(res, 'not_found', undefined, 'No such received SMS (unknown id, or older than MESSAGE_RETENTION_DAYS).');
    res.json(message);
  };
