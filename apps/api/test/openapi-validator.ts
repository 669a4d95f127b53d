import Ajv2020 from 'ajv/dist/2020';

/** Problems found in a value against one of the document's component schemas (empty: it fits). */
export type SchemaCheck = (component: string, value: unknown) => string[];

/**
 * Validates values against the served document's `components.schemas` (JSON Schema 2020-12,
 * `$ref`s resolved within the document), and records which components were checked.
 */
export function documentValidator(document: object): { check: SchemaCheck; checked: Set<string> } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (text: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) && !Number.isNaN(Date.parse(text)));
  ajv.addFormat('uri', (text: string) => URL.canParse(text));
  ajv.addSchema(document, 'doc');
  const checked = new Set<string>();
  const check: SchemaCheck = (component, value) => {
    const validate = ajv.getSchema(`doc#/components/schemas/${component}`);
    if (!validate) return [`no component ${component}`];
    checked.add(component);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${component}${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  };
  return { check, checked };
}
