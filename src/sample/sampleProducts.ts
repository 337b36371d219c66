/** A product of the sample business's catalogue. */
export interface SampleProduct {
  readonly productId: string;
  readonly category: string;
  /** List price in the sample's currency. */
  readonly price: number;
}

/** The sample business sells in four categories, so cross-selling shows in the data. */
export const sampleProducts: readonly SampleProduct[] = [
  { productId: 'cd-rock-01', category: 'music', price: 14.99 },
  { productId: 'cd-jazz-02', category: 'music', price: 12.99 },
  { productId: 'cd-pop-03', category: 'music', price: 9.99 },
  { productId: 'bk-novel-01', category: 'books', price: 18.5 },
  { productId: 'bk-guide-02', category: 'books', price: 24 },
  { productId: 'bk-kids-03', category: 'books', price: 8.75 },
  { productId: 'hp-studio-01', category: 'audio', price: 89 },
  { productId: 'sp-mini-02', category: 'audio', price: 45 },
  { productId: 'gc-25', category: 'gift-cards', price: 25 },
  { productId: 'gc-50', category: 'gift-cards', price: 50 },
];

/** The categories of {@link sampleProducts}, in order. */
export const sampleCategories: readonly string[] = [
  ...new Set(sampleProducts.map((product) => product.category)),
];
