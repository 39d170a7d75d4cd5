import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Where to push and how to authenticate; a TestRegistry has exactly these fields. */
export interface PushTarget {
  url: string;
  caPem?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A minimal registry API client for the test pusher: one request with the `/v2/` auth dance (answer
 * a Basic or Bearer challenge once, cache the answer per scope). It exists only to put images into
 * the test registry; the product's client lives in src/registry and is what the tests examine.
 */
export class PushClient {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly authByScope = new Map<string, string>();

  constructor(private readonly target: PushTarget) {
    this.base = new URL(target.url);
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, ca: target.caPem }) : new HttpAgent({ keepAlive: true });
  }

  close(): void {
    this.agent.destroy();
  }

  raw(method: string, url: URL, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const https = url.protocol === 'https:';
      const send = https ? httpsRequest : httpRequest;
      const agent = url.origin === this.base.origin ? this.agent : undefined;
      const allHeaders = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
      const req = send(url, { method, agent, headers: allHeaders, ...(https ? { ca: this.target.caPem } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.end(body);
    });
  }

  private basic(): string | undefined {
    if (this.target.user === undefined) return undefined;
    return `Basic ${Buffer.from(`${this.target.user}:${this.target.password ?? ''}`).toString('base64')}`;
  }

  private async answerChallenge(challenge: string, scope: string): Promise<string> {
    if (/^basic /i.test(challenge)) {
      const basic = this.basic();
      if (basic === undefined) throw new Error('the registry wants Basic credentials and the pusher has none');
      return basic;
    }
    const params = new Map<string, string>();
    for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1] ?? '', m[2] ?? '');
    const realm = params.get('realm');
    if (!/^bearer /i.test(challenge) || realm === undefined) throw new Error(`unexpected challenge: ${challenge}`);
    const tokenUrl = new URL(realm);
    tokenUrl.searchParams.set('service', params.get('service') ?? '');
    tokenUrl.searchParams.set('scope', scope);
    const basic = this.basic();
    const res = await this.raw('GET', tokenUrl, basic === undefined ? {} : { authorization: basic });
    if (res.status !== 200) throw new Error(`token realm answered ${res.status}`);
    const body = JSON.parse(res.body.toString()) as { token?: string; access_token?: string };
    return `Bearer ${body.token ?? body.access_token ?? ''}`;
  }

  /** A request to `path` (relative to the registry) with auth for `scope`; answers a 401 challenge once. */
  async request(method: string, path: string, scope: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawResponse> {
    const url = new URL(path, this.base);
    const cached = this.authByScope.get(scope);
    const first = await this.raw(method, url, cached === undefined ? headers : { ...headers, authorization: cached }, body);
    if (first.status !== 401) return first;
    const auth = await this.answerChallenge(String(first.headers['www-authenticate'] ?? ''), scope);
    this.authByScope.set(scope, auth);
    const second = await this.raw(method, url, { ...headers, authorization: auth }, body);
    if (second.status === 401) throw new Error(`${method} ${url.pathname}: still 401 after authenticating`);
    return second;
  }
}
