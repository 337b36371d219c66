export { createSeededRandom, type SeededRandom } from './createSeededRandom.js';
export {
  CDNOW_PURCHASE_MODEL,
  generateSampleBusiness,
  type SampleBusinessOptions,
} from './generateSampleBusiness.js';
export { type SampleProduct, sampleCategories, sampleProducts } from './sampleProducts.js';
export type { SamplePurchaseModel } from './simulatePerson.js';
