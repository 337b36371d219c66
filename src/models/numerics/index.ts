export { digamma, digammaDifference } from './digamma.js';
export {
  hessian,
  hessianFromGradient,
  invertPositiveDefinite,
  standardErrors,
} from './hessian.js';
export { hyp2f1, logHyp2f1, type SignedLog } from './hyp2f1.js';
export { upperIncompleteGammaScaled } from './incompleteGamma.js';
export { type IntegrateOptions, integrate } from './integrate.js';
export { logBeta } from './logBeta.js';
export { gammaSign, logGamma } from './logGamma.js';
export {
  DEFAULT_MAX_EVALUATIONS,
  type LikelihoodMaximum,
  type LikelihoodProblem,
  maximizeLikelihood,
} from './maximizeLikelihood.js';
export { type MinimizeOptions, type MinimizeResult, minimize } from './minimize.js';
export { createRandom, type Random } from './random.js';
