import { access } from "node:fs/promises";
import {
  ApiException,
  AuthorizationV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  NodeV1Api,
  Observable,
  ResponseContext,
  VersionApi,
  Watch,
} from "@kubernetes/client-node";
import { ParityError } from "../../core/errors.ts";

/** Where the cluster's credentials come from. */
export interface KubeOptions {
  /** Path of a kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  /** Context to use; default: the kubeconfig's current context. */
  context?: string;
}

/** Status of a failed API call, without the server's address or any credential. */
export interface ApiFailure {
  code: number;
  reason: string;
  message: string;
}

/** Reads an API error into code, reason and message (the body is a metav1.Status). */
export function apiFailure(error: unknown): ApiFailure | undefined {
  if (!(error instanceof ApiException)) return undefined;
  let body: { reason?: string; message?: string } | undefined = error.body;
  if (typeof error.body === "string") {
    try {
      body = JSON.parse(error.body);
    } catch {
      body = { message: error.body.slice(0, 300) };
    }
  }
  return { code: error.code, reason: body?.reason ?? "", message: body?.message ?? "" };
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|network/i;

/** The Kubernetes API as Parity uses it: typed clients, retries with backoff, clear errors. */
export class KubeClient {
  readonly core: CoreV1Api;
  readonly nodes: NodeV1Api;
  readonly authz: AuthorizationV1Api;
  readonly version: VersionApi;
  readonly watch: Watch;
  /** Retries of 429, 5xx and dropped connections (each waits longer, at most `maxDelayMs`). */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs = 5000;

  constructor(
    readonly config: KubeConfig,
    options: { retries?: number; baseDelayMs?: number } = {},
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.nodes = config.makeApiClient(NodeV1Api);
    this.authz = config.makeApiClient(AuthorizationV1Api);
    this.version = config.makeApiClient(VersionApi);
    this.watch = new Watch(config);
    this.retries = options.retries ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 250;
  }

  /** Loads a kubeconfig; a missing file or unknown context says which and what to do. */
  static async load(options: KubeOptions): Promise<KubeClient> {
    const config = new KubeConfig();
    try {
      if (options.kubeconfig) {
        await access(options.kubeconfig);
        config.loadFromFile(options.kubeconfig);
      } else {
        config.loadFromDefault();
      }
    } catch (error) {
      throw new ParityError(
        "INVALID_INPUT",
        {
          what: `Cannot read the kubeconfig ${options.kubeconfig ?? "($KUBECONFIG or ~/.kube/config)"}`,
          next: "pass --kubeconfig FILE",
        },
        { cause: error },
      );
    }
    if (options.context) {
      if (!config.getContexts().some((c) => c.name === options.context)) {
        throw new ParityError("INVALID_INPUT", {
          what: `No context "${options.context}" in the kubeconfig`,
          next: `pick one of its contexts: ${
            config
              .getContexts()
              .map((c) => c.name)
              .join(", ") || "none"
          }`,
        });
      }
      config.setCurrentContext(options.context);
    }
    if (!config.getCurrentCluster())
      throw new ParityError("INVALID_INPUT", {
        what: "The kubeconfig has no current context with a cluster",
        next: "pass --context NAME",
      });
    return new KubeClient(config);
  }

  /**
   * Calls the API, retrying 429 and 5xx answers and dropped connections with exponential
   * backoff; any other failure becomes a ParityError that names `what` and the API's reason.
   * An `expected` answer is handed back as the API's error, for `tryCall`.
   */
  async call<T>(what: string, fn: () => Promise<T>, options: { expected?: readonly number[] } = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const failure = apiFailure(error);
        if (failure && options.expected?.includes(failure.code)) throw error;
        const retryable = failure
          ? RETRYABLE.has(failure.code)
          : NETWORK.test(String((error as Error)?.message ?? error));
        if (retryable && attempt < this.retries) {
          await new Promise((r) => setTimeout(r, Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt)));
          continue;
        }
        throw kubeError(what, error, failure);
      }
    }
  }

  /**
   * Like `call`, and also hands back the response's headers and raw JSON text: the typed
   * client turns MicroTime into a Date and drops the microseconds, and hides the `Date` header.
   */
  async callRaw<T>(
    what: string,
    fn: (options: ConfigurationOptions) => Promise<T>,
    options: { expected?: readonly number[] } = {},
  ): Promise<{ data: T; text: string; headers: Record<string, string> }> {
    let text = "";
    let headers: Record<string, string> = {};
    const capture = {
      pre: (context: unknown) => new Observable(Promise.resolve(context)),
      post: (context: ResponseContext) =>
        new Observable(
          context.body.text().then((body) => {
            text = body;
            headers = context.headers;
            return new ResponseContext(context.httpStatusCode, context.headers, {
              text: async () => body,
              binary: async () => Buffer.from(body),
            });
          }),
        ),
    };
    const data = await this.call(
      what,
      () => fn({ middleware: [capture as never], middlewareMergeStrategy: "append" }),
      options,
    );
    return { data, text, headers };
  }

  /**
   * Whether this identity may `verb` the resource (a SelfSubjectAccessReview), e.g. `allowed({
   * verb: "get", resource: "nodes", subresource: "proxy" })`.
   */
  async allowed(attributes: {
    verb: string;
    resource: string;
    subresource?: string;
    group?: string;
    namespace?: string;
  }): Promise<boolean> {
    const review = await this.call(
      `Checking permission to ${attributes.verb} ${attributes.resource}` +
        `${attributes.subresource ? `/${attributes.subresource}` : ""}`,
      () =>
        this.authz.createSelfSubjectAccessReview({
          body: {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes: attributes },
          },
        }),
    );
    return review.status?.allowed === true;
  }

  /**
   * Like `call`, but the answers a caller expects and handles (404 Not Found, 409 Already
   * Exists, 403 for an optional view) come back as `{ ok: false, code }` instead of an error.
   */
  tryCall<T>(what: string, fn: () => Promise<T>, expected: readonly number[]): Promise<Answer<T>> {
    return answerOf(() => this.call(what, fn, { expected }), expected);
  }

  /** `tryCall` for `callRaw`. */
  tryCallRaw<T>(
    what: string,
    fn: (options: ConfigurationOptions) => Promise<T>,
    expected: readonly number[],
  ): Promise<Answer<{ data: T; text: string; headers: Record<string, string> }>> {
    return answerOf(() => this.callRaw(what, fn, { expected }), expected);
  }

  /** Deletes something, treating "already gone" (404) as done. */
  async remove(what: string, fn: () => Promise<unknown>): Promise<void> {
    await this.tryCall(what, fn, [404]);
  }
}

/** A call's value, or the expected API answer it got instead. */
export type Answer<T> = { ok: true; value: T } | { ok: false; code: number };

async function answerOf<T>(call: () => Promise<T>, expected: readonly number[]): Promise<Answer<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const code = apiFailure(error)?.code;
    if (code !== undefined && expected.includes(code)) return { ok: false, code };
    throw error;
  }
}

/** A ParityError for a failed call, keeping the original as cause but never its headers. */
export function kubeError(what: string, error: unknown, failure = apiFailure(error)): ParityError {
  const detail = failure
    ? `HTTP ${failure.code}${failure.reason ? ` ${failure.reason}` : ""}` +
      `${failure.message ? `: ${failure.message}` : ""}`
    : String((error as Error)?.message ?? error).split("\n")[0];
  const next =
    failure?.code === 401
      ? "check the kubeconfig's credentials"
      : failure?.code === 403
        ? "check Parity's permissions: `parity rbac` prints what it needs"
        : failure
          ? "check the cluster with kubectl, then run again (--resume keeps the runs already made)"
          : "check that the cluster is reachable (parity doctor --target kubernetes)";
  return new ParityError(
    "KUBERNETES_API",
    { what: `${what} failed (${detail})`, next },
    { cause: failure ? undefined : error, details: failure ? { ...failure } : {} },
  );
}
