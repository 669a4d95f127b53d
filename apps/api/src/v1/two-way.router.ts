import { Router } from 'express';
import type { TwoWayStores } from '../messages/two-way-stores';
import { getInboundRoute, listInboundRoute } from './list-inbound.route';
import { deleteOptOutRoute, listOptOutsRoute, putOptOutRoute } from './opt-outs.route';

/** `/v1/inbound…` and `/v1/opt-outs…`, mounted inside the v1 router (behind its Bearer check). */
export function twoWayRouter(stores: TwoWayStores): Router {
  const router = Router();
  router.get('/inbound', listInboundRoute(stores));
  router.get('/inbound/:id', getInboundRoute(stores));
  router.get('/opt-outs', listOptOutsRoute(stores));
  router.put('/opt-outs/:number', putOptOutRoute(stores));
  router.delete('/opt-outs/:number', deleteOptOutRoute(stores));
  return router;
}
