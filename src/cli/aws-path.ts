import type { AdvisorReport } from '../report/report.js';
import type { UsageSnapshot } from '../usage/usage.js';

/** The CLI's AWS path, loaded only when --region is given so offline runs never load the SDK. */
export async function collectFromAccount(_args: { regions: string[]; days: number; profile?: string }): Promise<UsageSnapshot> {
  throw new Error('the AWS path is not wired yet');
}

export async function publishReport(_report: AdvisorReport, _topicArn: string, _profile?: string): Promise<string> {
  throw new Error('the AWS path is not wired yet');
}
