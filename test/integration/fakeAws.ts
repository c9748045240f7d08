// A loopback stand-in for the AWS APIs the extension calls, for integration tests in the real extension
// host: the extension's `vpcFlowLogs.endpointUrl` setting points every SDK client at it, exactly as it
// would at LocalStack. Handlers return the parsed response shapes; this module writes them in each
// service's wire protocol (EC2/IAM/STS: query protocol with XML; CloudWatch Logs and Athena: JSON 1.1;
// others, such as S3's REST-XML, through a `WireProtocol` installed with `speak`), so the real SDK
// deserializers run. Requests are recorded for assertions.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 'ec2' | 'logs' | 'iam' | 'sts' | 's3' | 'athena';

/** One request as the fake saw it. */
export interface RecordedCall {
  readonly service: Service;
  readonly action: string;
  /** The region the request was signed for (from the SigV4 credential scope). */
  readonly region: string;
  /**
   * Query-protocol parameters (EC2/IAM/STS) flattened as sent, e.g. `Filter.1.Name`; the JSON body (Logs,
   * Athena); or what a `WireProtocol` reads from the request (S3: bucket, key, query and some headers).
   */
  readonly params: Record<string, unknown>;
}

/** Thrown by a handler to answer with an AWS error. */
export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Further members of the error body, as the service sends them (S3's `Key`, Athena's `AthenaErrorCode`). */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The HTTP request as the fake received it, for protocols that read more than a body. */
export interface FakeRequest {
  readonly method: string;
  /** The path without the query, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly service: Service;
  readonly region: string;
}

/**
 * A wire protocol the fake speaks for one service besides its own (S3's REST-XML): how a request names
 * its action and parameters, and how a handler's result and an error are written.
 */
export interface WireProtocol {
  read(request: FakeRequest): { action: string; params: Record<string, unknown> };
  write(result: unknown, request: FakeRequest, response: http.ServerResponse): void;
  writeError(error: FakeAwsError, request: FakeRequest, response: http.ServerResponse): void;
}

/**
 * A handler's answer that writes the HTTP response itself, for responses no protocol writes in one go
 * (an event stream kept open, as `StartLiveTail` sends).
 */
export class RawAnswer {
  constructor(readonly write: (response: http.ServerResponse, request: http.IncomingMessage) => void) {}
}

/**
 * A handler returns the response body: for Logs and Athena a JSON-able object; for the query protocols an
 * object that is written as XML inside `<{Action}Response>` (EC2) or `<{Action}Response><{Action}Result>`
 * (IAM/STS). Arrays become repeated `<item>` (EC2) or `<member>` (IAM/STS) elements, so name list
 * fields as the wire does (`vpcSet`, `networkInterfaceSet`, `Roles`, ...). For a service spoken through a
 * `WireProtocol`, what that protocol writes; for any service, a `RawAnswer` writes the response itself.
 */
export type Handler = (params: Record<string, unknown>, call: RecordedCall) => unknown;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toXml(value: unknown, listItem: string): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return escapeXml(typeof value === "string" ? value : JSON.stringify(value));
}

export class FakeAws {
  private server: http.Server | undefined;
  private readonly handlers = new Map<string, Handler>();
  private readonly protocols = new Map<Service, WireProtocol>();
  readonly calls: RecordedCall[] = [];

  /** Registers (or replaces) the handler of one operation. */
  on(service: Service, action: string, handler: Handler): this {
    this.handlers.set(`${service}:${action}`, handler);
    return this;
  }

  /** The handler of one operation, if any (to wrap it). */
  handler(service: Service, action: string): Handler | undefined {
    return this.handlers.get(`${service}:${action}`);
  }

  /** Speaks `protocol` for `service` instead of the query or JSON protocol. */
  speak(service: Service, protocol: WireProtocol): this {
    this.protocols.set(service, protocol);
    return this;
  }

  /** Calls recorded for one operation. */
  callsOf(service: Service, action: string): RecordedCall[] {
    return this.calls.filter((c) => c.service === service && c.action === action);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) {
      throw new Error('fake AWS is not started');
    }
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.handle(request, Buffer.concat(chunks), response);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(request: http.IncomingMessage, raw: Buffer, response: http.ServerResponse): Promise<void> {
    const body = raw.toString('utf8');
    // The SigV4 credential scope names the service: Credential=AKID/20241127/us-west-2/ec2/aws4_request
    const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([a-z0-9-]+)\//.exec(String(request.headers.authorization ?? ''));
    const region = scope?.[1] ?? '';
    const service = (scope?.[2] ?? '') as Service;
    const target = String(request.headers['x-amz-target'] ?? '');
    let action: string;
    let params: Record<string, unknown>;
    const wire = this.protocols.get(service);
    const url = new URL(request.url ?? '/', 'http://fake');
    const fakeRequest: FakeRequest = {
      method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: raw, service, region,
    };
    if (wire) {
      ({ action, params } = wire.read(fakeRequest));
    } else if (service === 'logs' || service === 'athena') {
      action = target.split('.').pop() ?? '';
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } else {
      params = Object.fromEntries(new URLSearchParams(body));
      action = typeof params['Action'] === 'string' ? params['Action'] : '';
    }
    const call: RecordedCall = { service, region, action, params };
    this.calls.push(call);
    const handler = this.handlers.get(`${service}:${action}`);
    try {
      if (!handler) {
        throw new FakeAwsError('InvalidAction', `fake AWS has no handler for ${service}:${action}`);
      }
      const result = await handler(params, call);
      if (result instanceof RawAnswer) {
        result.write(response, request);
      } else if (wire) {
        wire.write(result, fakeRequest, response);
      } else if (service === 'logs' || service === 'athena') {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(result ?? {}));
      } else if (service === 'ec2') {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(`<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-request</requestId>${toXml(result, 'item')}</${action}Response>`);
      } else {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(`<${action}Response><${action}Result>${toXml(result, 'member')}</${action}Result><ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata></${action}Response>`);
      }
    } catch (error) {
      const code = error instanceof FakeAwsError ? error.code : 'InternalError';
      const status = error instanceof FakeAwsError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (wire) {
        wire.writeError(error instanceof FakeAwsError ? error : new FakeAwsError(code, message, status), fakeRequest, response);
      } else if (service === 'logs' || service === 'athena') {
        const details = error instanceof FakeAwsError ? error.details : {};
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code });
        // Athena's errors carry `Message` (and `AthenaErrorCode`); CloudWatch Logs' `message`.
        response.end(JSON.stringify(service === 'athena' ? { __type: code, Message: message, ...details } : { __type: code, message, ...details }));
      } else if (service === 'ec2') {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>fake-request</RequestID></Response>`);
      } else {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`);
      }
    }
  }
}

/**
 * A loopback endpoint that accepts connections and reads requests but never answers: what a dead proxy
 * or a hung emulator looks like. Counts the requests it received.
 */
export class SilentEndpoint {
  private server: http.Server | undefined;
  /** Requests received (none is ever answered). */
  requests = 0;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) {
      throw new Error('the silent endpoint is not started');
    }
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer(() => {
      this.requests++;
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
