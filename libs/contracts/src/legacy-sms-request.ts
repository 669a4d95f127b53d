import Joi from 'joi';
import { checkPhoneNumber } from './phone-number';
import { textProblem } from './sms-text';

/** One field's problem, in the legacy API's language (Portuguese). */
export interface FieldProblem {
  readonly campo: string;
  readonly mensagem: string;
}

export type LegacyRequestCheck =
  | { readonly kind: 'accepted'; readonly to: string; readonly text: string }
  | { readonly kind: 'missing-fields' }
  | { readonly kind: 'invalid'; readonly problems: readonly FieldProblem[] };

const NUMBER_SHAPE = 'numero deve ter de 3 a 20 dígitos, com "+" opcional no início';

/** `numero` as a JSON number (the original accepted one): its problems in the endpoint's language too. */
const numeroAsNumber = Joi.number().integer().min(0).messages({
  'number.min': 'numero não pode começar com "-"',
  'number.integer': NUMBER_SHAPE,
  'number.infinity': NUMBER_SHAPE,
  'number.unsafe': 'numero longo demais para um número JSON (perderia dígitos); envie-o como texto',
});

const numero = Joi.alternatives()
  .try(Joi.string(), numeroAsNumber)
  .messages({ 'alternatives.types': 'numero deve ser um texto com o número de telefone' })
  .custom((value: string | number, helpers) => {
    const check = checkPhoneNumber(String(value));
    return check.ok ? check.number : helpers.message({ custom: `numero ${check.reason}` });
  });

const mensagem = Joi.string()
  .messages({ 'string.base': 'mensagem deve ser um texto' })
  .normalize('NFC')
  .custom((value: string, helpers) => {
    const problem = textProblem(value);
    return problem ? helpers.message({ custom: `mensagem ${problem}` }) : value;
  });

/** The fields of `POST /enviar-sms`; the token is checked before this, by the route. */
export const legacySmsRequestSchema = Joi.object({ numero, mensagem }).unknown(true);

const isAbsent = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The common case without Joi: both fields of the right type and valid. Undefined when
 * anything is off, and Joi (the source of truth for messages) then explains what.
 */
function acceptDirectly(numero: unknown, mensagem: unknown): { to: string; text: string } | undefined {
  const validNumber = typeof numero === 'string' || (typeof numero === 'number' && Number.isSafeInteger(numero) && numero >= 0);
  if (!validNumber || typeof mensagem !== 'string') return undefined;
  const phone = checkPhoneNumber(String(numero));
  const text = mensagem.normalize('NFC');
  return phone.ok && textProblem(text) === undefined ? { to: phone.number, text } : undefined;
}

/** Validates a legacy request body (already known to be a JSON object). */
export function checkLegacySmsRequest(body: Record<string, unknown>): LegacyRequestCheck {
  if (isAbsent(body.numero) || isAbsent(body.mensagem)) return { kind: 'missing-fields' };
  // The hot path of every accepted SMS: the same rules as the schema, without building it up.
  const direct = acceptDirectly(body.numero, body.mensagem);
  if (direct) return { kind: 'accepted', ...direct };
  const { value, error } = legacySmsRequestSchema.validate(body, { abortEarly: false });
  if (error) {
    return {
      kind: 'invalid',
      problems: error.details.map((detail) => ({ campo: String(detail.path[0]), mensagem: detail.message })),
    };
  }
  return { kind: 'accepted', to: value.numero as string, text: value.mensagem as string };
}
