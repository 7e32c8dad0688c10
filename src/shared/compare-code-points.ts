/**
 * Orders strings by their code points: the same on every machine, where localeCompare follows
 * the machine's locale (and builds must be byte-identical everywhere).
 */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
