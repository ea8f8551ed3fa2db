// The parts of the HTTP library (undici) the client uses. In the packaged extension this is a bundle of its
// own, dist/http.js (see esbuild.js), loaded by ./http.ts on the first request, not at activation.
export { Agent, EnvHttpProxyAgent, request } from 'undici';
