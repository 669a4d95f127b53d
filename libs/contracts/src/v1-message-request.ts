import Joi from 'joi';
import { parseOffsetDateTime } from './offset-date-time';
import { checkPhoneNumber } from './phone-number';
import { MAX_TEXT_LENGTH, textProblem } from './sms-text';

/** A message as `POST /v1/messages` accepts it, after validation and normalisation. */
export interface V1MessageRequest {
  readonly to: string;
  readonly text: string;
  readonly sendAt?: Date;
  readonly expiresAt?: Date;
  readonly callbackUrl?: string;
  readonly reference?: string;
}

/** Most messages `POST /v1/messages/bulk` takes in one request. */
export const MAX_BULK_MESSAGES = 1000;

const to = Joi.string()
  .max(64)
  .required()
  .description(
    'Recipient: optional leading +, then 3 to 20 digits. Spaces, dots, dashes and parentheses are ignored. When the server sets ALLOWED_NUMBER_PREFIXES, it must start with one of them.',
  )
  .example('+5511999991234')
  .custom((value: string, helpers) => {
    const check = checkPhoneNumber(value);
    return check.ok ? check.number : helpers.message({ custom: `"to" ${translate(check.reason)}` });
  });

const text = Joi.string()
  .required()
  .description(`The text, sent exactly as given: 1 to ${MAX_TEXT_LENGTH} characters; long texts go out as a multipart SMS, non-GSM texts as UCS-2.`)
  .example('Your appointment is tomorrow at 9:00.')
  .meta({ jsonSchema: { minLength: 1, maxLength: MAX_TEXT_LENGTH } })
  .normalize('NFC')
  .custom((value: string, helpers) => {
    const problem = textProblem(value);
    return problem ? helpers.message({ custom: `"text" ${translate(problem)}` }) : value;
  });

/**
 * Joi's `date` type, made strict: a date must be a text naming its offset (`Z` or `±hh:mm`) and
 * a real calendar date. Joi's own ISO reading rolls `2030-02-30` over to March and reads a text
 * without an offset in the server's time zone.
 */
const StrictJoi = Joi.extend({
  type: 'date',
  base: Joi.date(),
  messages: {
    'date.offset': '{{#label}} must be an ISO 8601 date-time with an offset (Z or ±hh:mm), e.g. 2030-01-31T09:00:00-03:00',
    'date.calendar': '{{#label}} is not a real calendar date and time',
  },
  prepare(value: unknown, helpers) {
    if (typeof value !== 'string') return { errors: [helpers.error('date.offset')] };
    const parsed = parseOffsetDateTime(value);
    if (!parsed.ok) return { errors: [helpers.error(parsed.problem === 'calendar' ? 'date.calendar' : 'date.offset')] };
    return { value: parsed.date };
  },
}) as typeof Joi;

/** The fields of one v1 message; unknown fields are refused, so a typo never goes unnoticed. */
export const v1MessageSchema = Joi.object({
  to,
  text,
  sendAt: StrictJoi.date().iso().description('Send at this time, not before: an ISO 8601 date-time with its offset (Z or ±hh:mm), e.g. 2030-01-31T09:00:00-03:00; at most 30 days ahead. Omit to send now.'),
  expiresAt: StrictJoi.date()
    .iso()
    .greater('now')
    .when('sendAt', { is: Joi.exist(), then: StrictJoi.date().greater(Joi.ref('sendAt')) })
    .description('Never send after this time (an ISO 8601 date-time with its offset, like sendAt); an unsent message then ends as "expired".'),
  callbackUrl: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .max(2048)
    .description(
      'Where to POST the final outcome (sent, failed, expired), instead of the server-wide WEBHOOK_URL. It may not be (or resolve to) a loopback, private or link-local address unless the server lists its host in CALLBACK_ALLOWED_HOSTS (`callback_url_not_allowed`).',
    ),
  reference: Joi.string().max(128).description('Your own reference, echoed back in the status and in webhooks.'),
})
  .required()
  .label('message');

export const v1BulkSchema = Joi.object({
  messages: Joi.array().items(Joi.any()).min(1).max(MAX_BULK_MESSAGES).required().description('The messages; each is validated on its own.'),
}).required();

/** One field's problem in a v1 request. */
export interface V1FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type V1MessageCheck =
  | { readonly ok: true; readonly message: V1MessageRequest }
  | { readonly ok: false; readonly problems: readonly V1FieldProblem[] };

/** Validates one v1 message (a JSON value of any shape). */
export function checkV1Message(body: unknown): V1MessageCheck {
  const { value, error } = v1MessageSchema.validate(body, { abortEarly: false, convert: true });
  if (error) {
    return {
      ok: false,
      problems: error.details.map((detail) => ({ field: detail.path.join('.') || 'body', message: detail.message })),
    };
  }
  return { ok: true, message: value as V1MessageRequest };
}

// The shared checks speak Portuguese (the legacy API's language); v1 answers in English.
const ENGLISH: Record<string, string> = {
  'não pode começar com "-"': 'must not start with "-"',
  'deve ter de 3 a 20 dígitos, com "+" opcional no início': 'must have 3 to 20 digits, with an optional leading "+"',
  'não pode ser vazia': 'must not be empty',
  [`deve ter no máximo ${MAX_TEXT_LENGTH} caracteres`]: `must have at most ${MAX_TEXT_LENGTH} characters`,
  'contém caracteres Unicode inválidos': 'contains invalid Unicode (a lone surrogate)',
  'contém o caractere nulo': 'contains a NUL character',
};
const translate = (reason: string) => ENGLISH[reason] ?? reason;
