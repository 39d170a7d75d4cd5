/**
 * The reference grammar exactly as it stood before it was made linear-time (distribution's
 * regexp, with the ambiguous `[-]*` separator), with the bracketed IPv6 host that distribution
 * accepts today (`\[(?:[a-fA-F0-9:]+)\]`, no zone, no dotted IPv4 tail). Kept for tests only: the oracle of the
 * differential test (fine on short strings) and the known-vulnerable input of the ReDoS checks
 * (exponential on long near-misses such as `aaaaaaaaaaaaaaaaaaaa!`).
 */
export function upstreamPattern(): RegExp {
  const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
  const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
  const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
  const domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
  const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
  const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
  const tag = '[\\w][\\w.-]{0,127}';
  const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
  return new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
}
