import "server-only";
import type { Queryable } from "@/db";
import type { Role } from "@/db/schema";
import {
  deliveryStats,
  hasAnyConnector,
  listDeliveries,
  listLogFilterOptions,
  type DeliveryLogPage,
  type DeliveryStats,
  type LogFilterOptions,
} from "./queries";
import { eventLogSearchParams, type EventLogFilters } from "./schemas";

/** Everything Testing → Event logs shows on its first render; the client refreshes it from there. */
export type EventLogsView = {
  /** The filters as the URL's query string, normalised: the key the client refetches by. */
  query: string;
  page: DeliveryLogPage;
  stats: DeliveryStats;
  options: LogFilterOptions;
  hasConnectors: boolean;
  /** The instant (ms) the rows and the stats were read at: relative times start from it on both sides. */
  serverNow: number;
};

/** One `now` for the rows and the stats, so a preset range means the same instants in both. */
export async function loadEventLogsView(db: Queryable, role: Role, filters: EventLogFilters, now = new Date()): Promise<EventLogsView> {
  const [page, stats, options, hasConnectors] = await Promise.all([
    listDeliveries(db, role, filters, {}, now),
    deliveryStats(db, filters, now),
    listLogFilterOptions(db),
    hasAnyConnector(db),
  ]);
  return { query: eventLogSearchParams(filters).toString(), page, stats, options, hasConnectors, serverNow: now.getTime() };
}
