// Entry point of the action: do not add logic here (see src/main.ts).
import { run } from './main.js';

await run();
// The work is done: end once every line is flushed, whatever a deadline left pending in the
// toolkit (src/services.ts), instead of idling until its timers and sockets give up.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));
