export type { NonPositiveSpendPolicy, SpendRowSelection } from './checkSpendRows.js';
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaInput,
} from './fitGammaGamma.js';
export type { GammaGammaParams, SpendRow } from './GammaGammaParams.js';
export { gammaGammaExpectedSpend, type SpendHistory } from './gammaGammaExpectedSpend.js';
export { gammaGammaLogLikelihood } from './gammaGammaLogLikelihood.js';
