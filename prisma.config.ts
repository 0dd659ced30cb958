import { defineConfig } from "prisma/config";

// No datasource url here: Prisma 7 reads it only for its CLI, and env() would throw when
// DATABASE_URL is unset (the embedded default). The app connects through driver adapters.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
