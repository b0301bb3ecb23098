/**
 * ALiBi (Press, Smith and Lewis 2022): query head h = 1 … H has slope m_h = 2^(−8h/H) and adds
 * −m_h·|i − j| to its scaled score of query i for key j, before the mask and the softmax.
 */
export function alibiSlopes(heads: number): number[] {
  return Array.from({ length: heads }, (_, h) => 2 ** ((-8 * (h + 1)) / heads));
}

/** The bias of query i for key j under slope m: −m·|i − j|. */
export const alibiBias = (slope: number, query: number, key: number): number =>
  -slope * Math.abs(query - key);
