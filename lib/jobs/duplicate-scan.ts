import { z } from "zod";
import type { PrismaClient } from "../db";
import { DEFAULT_DUPLICATE_THRESHOLD, duplicateClustersFromPairs, findDuplicatePairs, type DuplicateCluster, type DuplicateScanOptions } from "../search";

// The last scan lives in the settings table (key → JSON, with updated_at as its time): one row,
// replaced by each scan, and small, since only pairs at or above the threshold are kept.
const SCAN_KEY = "duplicate-scan";
const StoredScan = z.object({
  model: z.string(),
  threshold: z.number(),
  /** [card a, card b, cosine similarity] */
  pairs: z.array(z.tuple([z.string(), z.string(), z.number()])),
});

export interface DuplicateScanView {
  clusters: DuplicateCluster[];
  /** The similarity asked for (the stored scan may have used a lower one). */
  threshold: number;
  scannedAt: Date;
}

/** Scans every active card for near-duplicates (the heavy part: one HNSW query per card) and stores the pairs. */
export async function scanDuplicates(prisma: PrismaClient, model: string, options: DuplicateScanOptions = {}): Promise<{ pairs: number }> {
  const threshold = options.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const pairs = await findDuplicatePairs(prisma, model, { ...options, threshold });
  const value = { model, threshold, pairs: pairs.map((pair) => [pair.a, pair.b, pair.similarity]) };
  await prisma.setting.upsert({ where: { key: SCAN_KEY }, create: { key: SCAN_KEY, value }, update: { value } });
  return { pairs: pairs.length };
}

async function storedScan(prisma: PrismaClient): Promise<(z.infer<typeof StoredScan> & { scannedAt: Date }) | null> {
  const row = await prisma.setting.findUnique({ where: { key: SCAN_KEY } });
  const parsed = StoredScan.safeParse(row?.value);
  return row && parsed.success ? { ...parsed.data, scannedAt: row.updatedAt } : null;
}

/**
 * The clusters of the last scan, as they are now (cards retired, suspended or marked "not duplicates"
 * since then drop out), or null when there is no scan for this model at this similarity or lower.
 */
export async function storedDuplicateScan(prisma: PrismaClient, model: string, threshold: number): Promise<DuplicateScanView | null> {
  const scan = await storedScan(prisma);
  if (!scan || scan.model !== model || scan.threshold > threshold) return null;
  const pairs = scan.pairs.map(([a, b, similarity]) => ({ a, b, similarity }));
  return { clusters: await duplicateClustersFromPairs(prisma, pairs, threshold), threshold, scannedAt: scan.scannedAt };
}

/** The similarity the last scan used, for rescans after new cards are embedded. */
export async function lastScanThreshold(prisma: PrismaClient): Promise<number> {
  return (await storedScan(prisma))?.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
}
