/** The object without its undefined and empty-string fields, so optional fields are absent rather than present and empty. */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], ''> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as { [K in keyof T]: Exclude<T[K], ''> };
}
