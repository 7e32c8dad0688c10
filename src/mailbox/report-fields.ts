/** One block of `Name: value` fields, names lower-cased, continuation lines unfolded. */
export type FieldGroup = Map<string, string>;

/**
 * Parses the body of a message/delivery-status (RFC 3464) or message/feedback-report
 * (RFC 5965) part: blocks of header-style fields separated by blank lines, the first about the
 * message, each further one about a recipient. The first value of a repeated field wins.
 */
export function parseFieldGroups(text: string): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const group: FieldGroup = new Map();
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const match = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
      if (match && !group.has(match[1]!.toLowerCase())) group.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    if (group.size > 0) groups.push(group);
  }
  return groups;
}

/** The header block of a message (everything before the first blank line), as fields. */
export function parseHeaderBlock(text: string): FieldGroup {
  const head = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)[0] ?? '';
  return parseFieldGroups(head)[0] ?? new Map();
}

/** `rfc822; someone@example.org` -> `someone@example.org` (address types other than rfc822 kept whole). */
export function addressOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const address = value.replace(/^\s*rfc822\s*;/i, '').trim().replace(/^<|>$/g, '');
  return address || undefined;
}
