// Entry point of the action: do not add logic here (see src/main.ts).
import { run } from './main.js';

await run();
