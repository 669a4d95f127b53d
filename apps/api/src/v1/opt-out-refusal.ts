/** The details of a `recipient_opted_out` refusal (single message or bulk item). */
export const OPTED_OUT_DETAILS = [{ field: 'to', message: '"to" opted out (it texted an opt-out keyword, or was put on the list with PUT /v1/opt-outs)' }];
