export { gradients, MissingGradientError, type GradientOptions } from './gradients';
export { registeredGradientOps } from './rule';
