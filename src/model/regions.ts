import { ValidationError } from '../errors';
import { closest } from './check';

/**
 * Public Azure regions (programmatic names, `regionType: Physical` in `az account list-locations`
 * for the AzureCloud environment). Logical/geography names (`europe`, `unitedstates`, ...) are not
 * valid locations for the resources this library creates and are not listed. Staging and EUAP
 * canary regions are listed because DCRs can be created there. Sovereign clouds (China, US Gov)
 * are out of scope: their Azure Monitor endpoints differ.
 *
 * Adding a region is adding a row.
 */
export const AZURE_PUBLIC_REGIONS: readonly string[] = [
  // Americas
  'eastus', 'eastus2', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus',
  'westus', 'westus2', 'westus3', 'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast',
  'mexicocentral', 'chilecentral', 'centraluseuap', 'eastus2euap',
  // Europe
  'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth',
  'germanywestcentral', 'germanynorth', 'switzerlandnorth', 'switzerlandwest', 'norwayeast',
  'norwaywest', 'swedencentral', 'swedensouth', 'polandcentral', 'italynorth', 'spaincentral',
  'austriaeast', 'belgiumcentral', 'denmarkeast',
  // Middle East and Africa
  'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral', 'southafricanorth', 'southafricawest',
  // Asia Pacific
  'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth',
  'centralindia', 'southindia', 'westindia', 'jioindiacentral', 'jioindiawest', 'australiaeast',
  'australiasoutheast', 'australiacentral', 'australiacentral2', 'newzealandnorth',
  'indonesiacentral', 'malaysiawest',
];

const REGION_SET = new Set(AZURE_PUBLIC_REGIONS);

/**
 * Normalizes a region the way the product does (spaces removed, lower-cased, so "East US" and
 * "eastus" are the same region; see NOTES-container-insights §3.4: the CLI lower-cases and strips
 * spaces) and checks it against the public region list, with a did-you-mean for typos.
 */
export function normalizeRegion(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(path, value, 'expected an Azure region name such as "eastus" or "westeurope"');
  }
  const normalized = value.replace(/\s+/g, '').toLowerCase();
  if (!REGION_SET.has(normalized)) {
    const guess = closest(normalized, AZURE_PUBLIC_REGIONS);
    throw new ValidationError(
      path,
      value,
      'expected a public Azure region (programmatic name, e.g. "eastus", "westeurope", "swedencentral")',
      guess ? `Did you mean "${guess}"?` : 'See `az account list-locations --query "[].name"`.',
    );
  }
  return normalized;
}
