/** Errors from the SMTP layer, with the password removed wherever it might have been echoed. */
export function scrubSecret(error: unknown, secret: string | undefined): unknown {
  if (!secret || !(error instanceof Error)) return error;
  const hide = (s: string) => s.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
  error.message = hide(error.message);
  const withResponse = error as Error & { response?: string };
  if (typeof withResponse.response === 'string') withResponse.response = hide(withResponse.response);
  return error;
}
