export type { BgNbdParams, CustomerHistory, FrequencyFitOptions } from './BgNbdParams.js';
export { bgNbdConditionalExpectedPurchases } from './bgNbdConditionalExpectedPurchases.js';
export { bgNbdDert, type DertOptions } from './bgNbdDert.js';
export { bgNbdExpectedPurchases } from './bgNbdExpectedPurchases.js';
export { bgNbdLogLikelihood } from './bgNbdLogLikelihood.js';
export { bgNbdPAlive } from './bgNbdPAlive.js';
export { bgNbdPurchaseProbability } from './bgNbdPurchaseProbability.js';
export { type BgNbdFit, fitBgNbd } from './fitBgNbd.js';
export { type SimulateBgNbdOptions, simulateBgNbd } from './simulateBgNbd.js';
export {
  type SimulateHistoriesOptions,
  simulateBgNbdHistories,
} from './simulateBgNbdHistories.js';
