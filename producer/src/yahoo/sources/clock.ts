// The pump's clock: one Clock type and one system clock for the producer.
export { systemClock, type Clock } from '../../pump/clock.js';
