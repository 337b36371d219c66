export { fitParetoNbd, type ParetoNbdFit } from './fitParetoNbd.js';
export type { ParetoNbdParams } from './ParetoNbdParams.js';
export { paretoNbdDert } from './paretoNbdDert.js';
export {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
} from './paretoNbdExpectedPurchases.js';
export { paretoNbdLogLikelihood } from './paretoNbdLogLikelihood.js';
export { paretoNbdPAlive } from './paretoNbdPAlive.js';
export { paretoNbdPurchaseProbability } from './paretoNbdPurchaseProbability.js';
