/** The action's version (package.json), recorded in every report and shown in the summary footer. */
import pkg from '../package.json' with { type: 'json' };

export const ACTION_VERSION: string = pkg.version;
