/**
 * The names `endpoint-format` accepts. The payloads themselves are built in report/payloads, which
 * takes this list from here: an input's accepted values belong to the inputs.
 */
export const PAYLOAD_FORMATS = ['json', 'prometheus', 'otlp', 'slack'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
