/**
 * The one test of an AWS Region code, used wherever a Region arrives (CLI flags, the environment, a
 * Lambda event, a usage file, a rates file): commercial (`us-east-1`), GovCloud (`us-gov-west-1`) and
 * the isolated partitions (`us-iso-east-1`, `us-isob-east-1`). The Lambda once accepted
 * `us-isob-east-1` and the CLI refused it.
 */
export const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/** What a Region code looks like, for an error message that names the field. */
export const REGION_EXAMPLE = 'an AWS Region code such as us-east-1';
