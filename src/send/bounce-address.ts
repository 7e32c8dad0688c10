import type { Config } from '../config/schema.js';

/**
 * The envelope sender (SMTP MAIL FROM) of one message: where receiving servers send bounces,
 * and what they record as Return-Path. The bounce address when the config has one, else From.
 * With `bounce.verp`, each message gets its own address, `local+<id>@domain`, where id is the
 * hex part of its Message-ID: a bounce that quotes nothing of the original still names it.
 */
export function envelopeSender(config: Pick<Config, 'from' | 'bounce'>, messageHex: string): string {
  if (!config.bounce) return config.from.address;
  if (!config.bounce.verp) return config.bounce.address;
  const at = config.bounce.address.lastIndexOf('@');
  return `${config.bounce.address.slice(0, at)}+${messageHex}@${config.bounce.address.slice(at + 1)}`;
}

/**
 * The message id carried by a VERP bounce address, when `address` is the configured bounce
 * address with a `+<hex id>` tag; case-insensitive, as some servers lower-case addresses.
 */
export function verpId(address: string, bounceAddress: string): string | undefined {
  const at = bounceAddress.lastIndexOf('@');
  const local = bounceAddress.slice(0, at).toLowerCase();
  const domain = bounceAddress.slice(at + 1).toLowerCase();
  const match = /^([^@\s]+)\+([0-9a-f]{32})@([^@\s]+)$/i.exec(address.trim().replace(/^<|>$/g, ''));
  if (!match || match[1]!.toLowerCase() !== local || match[3]!.toLowerCase() !== domain) return undefined;
  return match[2]!.toLowerCase();
}
