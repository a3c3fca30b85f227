// `node --experimental-transform-types --import ./server/testing/ts-resolve.mjs X.ts` runs a
// TypeScript entry point without a build: our imports name the emitted ".js" files, so a
// ".js" specifier that does not exist resolves to the ".ts" file beside it. Tests only.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (/^\\.{1,2}\\//.test(specifier) && specifier.endsWith(".js"))
      return next(specifier.slice(0, -3) + ".ts", context);
    throw err;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
