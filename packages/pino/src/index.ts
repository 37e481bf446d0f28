export { default, type TocsinPinoOptions } from './pino-transport.js';
export { type PinoLike, tocsinLogger } from './tocsin-logger.js';
