/** The submission lifecycle: state, actions and the pure transition rules. */
export * from './state';
export * from './actions';
export * from './transitions';
export * from './events';
