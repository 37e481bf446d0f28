export { tocsinLogger, type WinstonLike } from './tocsin-logger.js';
export {
  TocsinTransport,
  type TocsinWinstonCommonOptions,
  type TocsinWinstonOptions,
} from './tocsin-transport.js';
