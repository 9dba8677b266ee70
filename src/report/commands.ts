import type { Command } from '../domain/advice.js';
import { adviceText } from './advice-text.js';

/**
 * The one place a next step becomes text: an AWS CLI call as the command line a reader pastes
 * (`aws bedrock delete-provisioned-model-throughput --provisioned-model-id …`), an instruction as it is.
 * A call that must wait says until when, after the command.
 */
export function commandText(command: Command): string {
  if (command.kind === 'instruction') return adviceText(command.text);
  const args = Object.entries(command.args).map(([name, value]) => ` --${name} ${value}`).join('');
  return `aws ${command.service} ${command.operation}${args}${command.notBefore ? ` (after ${command.notBefore})` : ''}`;
}

/** A call a reader can paste into a shell (shown as code), as against an instruction (shown as prose). */
export function isShellCommand(command: Command): boolean {
  return command.kind === 'aws-cli';
}
