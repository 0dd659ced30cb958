export { defaultDataDir } from "../config";
export { openDatabase, type Database, type DatabaseOptions, type PrismaClient } from "./client";
export { databaseHealth, type DatabaseHealth } from "./health";
export { migrate, migrationState, loadMigrations, type MigrationState } from "./migrate";
export { DatabaseSetupError, redactDatabaseUrl } from "./errors";
export { HNSW_EF_SEARCH, type DatabaseMode } from "./driver";
export { getDatabase } from "./shared";
