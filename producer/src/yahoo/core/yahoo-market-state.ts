import type { MarketState } from '@tickflow/contracts';

/**
 * Yahoo's marketState as our contract's four sessions. PREPRE (before pre-market) and
 * POSTPOST (after after-hours) trade nothing, so they are CLOSED; unknown values are dropped
 * rather than guessed.
 */
export function toMarketState(raw: string | null | undefined): MarketState | undefined {
  switch (raw?.toUpperCase()) {
    case 'PRE':
      return 'PRE';
    case 'REGULAR':
      return 'REGULAR';
    case 'POST':
      return 'POST';
    case 'CLOSED':
    case 'PREPRE':
    case 'POSTPOST':
      return 'CLOSED';
    default:
      return undefined;
  }
}
