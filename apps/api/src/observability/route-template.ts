import type { Request } from 'express';

/** The route label of requests no route matched and that were answered 404. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template of an answered request, e.g. `/v1/messages/:id`, never the raw URL (a
 * label per message id would grow without bound). Requests answered before any route matched
 * are labelled by the mount path of the router that answered them (`/v1` for a missing v1
 * token, `/admin/queues` for the dashboard's login), or `unmatched` for 404s and when there
 * is none. Templates are built once and cached: a request costs two Map lookups.
 */
export class RouteTemplates {
  private readonly byMount = new Map<string, Map<string, string>>();

  of(req: Request, status: number): string {
    const route: unknown = req.route;
    const mount = req.baseUrl;
    if (!isRoute(route)) return status === 404 || mount === '' ? UNMATCHED_ROUTE : mount;
    let byPath = this.byMount.get(mount);
    if (byPath === undefined) this.byMount.set(mount, (byPath = new Map()));
    let template = byPath.get(route.path);
    if (template === undefined) byPath.set(route.path, (template = `${mount}${route.path}`));
    return template;
  }
}

const isRoute = (route: unknown): route is { path: string } =>
  typeof route === 'object' && route !== null && typeof (route as { path?: unknown }).path === 'string';
