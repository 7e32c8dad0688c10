export interface Finding {
  level: 'error' | 'warning';
  /** A stable name for the rule, for scripts reading --json. */
  rule: string;
  message: string;
  /** Where: an artifact, a header, an element. */
  where: string;
}

export const error = (rule: string, message: string, where: string): Finding => ({ level: 'error', rule, message, where });
export const warning = (rule: string, message: string, where: string): Finding => ({ level: 'warning', rule, message, where });
