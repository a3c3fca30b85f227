/**
 * Where the gRPC-Web endpoints live. Default: the page's own origin (the bundled gateway
 * serves both). `?gateway=https://envoy.example` or the build variable VITE_GATEWAY_URL point
 * the app at another gRPC-Web endpoint (e.g. Envoy's grpc_web filter); only http(s) URLs are
 * accepted so a crafted link cannot smuggle another scheme in.
 */

export interface GatewayUrlResult {
  readonly baseUrl: string;
  /** Why an override was rejected, "" when none was given or it was valid. */
  readonly warning: string;
}

function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

export function resolveGatewayUrl(
  pageUrl: string,
  buildVariable: string | undefined,
): GatewayUrlResult {
  const page = new URL(pageUrl);
  const fromQuery = page.searchParams.get("gateway");
  for (const [candidate, source] of [
    [fromQuery, "?gateway="],
    [buildVariable, "VITE_GATEWAY_URL"],
  ] as const) {
    if (candidate === null || candidate === undefined || candidate === "") continue;
    const url = parseHttpUrl(candidate);
    if (url !== null) return { baseUrl: url.href.replace(/\/+$/, ""), warning: "" };
    return {
      baseUrl: page.origin,
      warning: `Ignored ${source}: not an http(s) URL. Using ${page.origin}.`,
    };
  }
  return { baseUrl: page.origin, warning: "" };
}
