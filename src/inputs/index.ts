/**
 * The action's inputs: their names and defaults, what they parse to, and the rules each must
 * satisfy. This layer sits below report/ and publish/: it imports neither (report/ and publish/
 * import their input rules from here), a test checks it (__tests__/architecture.test.ts).
 */
export type { Config } from './config.js';
export { INPUT_DEFAULTS, INPUT_NAMES, type InputName } from './names.js';
export { parseInputs, parseList } from './schema.js';
