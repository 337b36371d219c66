export { hessian, invertPositiveDefinite, standardErrors } from './hessian.js';
export { hyp2f1, logHyp2f1, type SignedLog } from './hyp2f1.js';
export { gammaSign, logBeta, logGamma } from './logGamma.js';
export { type MinimizeOptions, type MinimizeResult, minimize } from './minimize.js';
