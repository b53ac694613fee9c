/**
 * Which `endpoint-url` may be used: checked with the other inputs before anything is read, and
 * again by publish/endpoint before anything is sent.
 */

/** Why `url` may not be used, naming the inputs to change; null when it may. */
export function endpointUrlProblem(url: string, allowHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '`endpoint-url` is not a URL: expected an address such as https://metrics.example.com/dora.';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return '`endpoint-url` holds a user name or password: remove them and pass a token in `endpoint-token` instead.';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    return allowHttp
      ? null
      : `\`endpoint-url\` uses http (${parsed.origin}): the metrics and any token would travel unencrypted. ` +
          'Use an https:// address, or set `endpoint-allow-http: true` for an endpoint on a trusted network.';
  }
  return `\`endpoint-url\` uses ${parsed.protocol.replace(/:$/, '')}: expected an https:// address (or http:// with \`endpoint-allow-http: true\`).`;
}
