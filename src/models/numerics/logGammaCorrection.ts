/*
 * A port of d9lgmc from SLATEC FNLIB (W. Fullerton, Los Alamos Scientific Laboratory, 1977),
 * public domain.
 */

// Chebyshev coefficients of the series ALGM on [0, 0.01] (in (10/x)^2). Later terms of the
// original 15 are below 3e-20 and cannot change a double result.
const ALGMCS = [
  1.6663894804518634e-1, -1.384948176067564e-5, 9.81082564692473e-9, -1.809129475572494e-11,
  6.221098041892606e-14, -3.399615005417722e-16, 2.683181998482699e-18,
];
// Beyond 1/sqrt(eps) the series is 1/(12x) to the last bit.
const X_BIG = Math.sqrt(2 ** 53);
// Beyond this 1/(12x) underflows.
const X_MAX = 2 ** 1022 / 12;

/**
 * The correction term of Stirling's formula, ln Γ(x) - (ln √(2π) + (x - 1/2) ln x - x), for
 * x >= 10, to full double precision. It lets ln B(a, b) subtract the large parts of three
 * log-gammas analytically instead of numerically. Internal to {@link logBeta}.
 */
export function logGammaCorrection(x: number): number {
  if (x >= X_MAX) return 0;
  if (x >= X_BIG) return 1 / (12 * x);
  const t = 10 / x;
  const u = 2 * t * t - 1;
  // Clenshaw's recurrence; the first coefficient counts half, as in FNLIB's dcsevl.
  const twoU = 2 * u;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = ALGMCS.length - 1; i >= 0; i--) {
    b2 = b1;
    b1 = b0;
    b0 = twoU * b1 - b2 + (ALGMCS[i] as number);
  }
  return (0.5 * (b0 - b2)) / x;
}
