export { type CliIo, EXIT, processIo } from './cli-io.js';
export { main } from './main.js';
