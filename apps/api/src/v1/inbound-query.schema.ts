import Joi from 'joi';

/** The query of `GET /v1/inbound`: paged like `/v1/messages`, optionally one sender's SMS only. */
export const listInboundQuerySchema = Joi.object({
  from: Joi.string()
    .trim()
    .min(3)
    .max(32)
    .description("Only SMS from this number, in any spelling (national or international when PHONE_DEFAULT_REGION is set)."),
  limit: Joi.number().integer().min(1).max(100).default(20).description('SMS per page (1–100).'),
  cursor: Joi.string().pattern(/^\d{1,16}$/).description('The nextCursor of the previous page.'),
});

export interface ListInboundQuery {
  readonly from?: string;
  readonly limit: number;
  readonly cursor?: string;
}
