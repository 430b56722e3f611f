package dev.reactivedata.monitoring.insights;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reactivedata.monitoring.insights.InsightsReport.BlockingQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.CacheHitRatio;
import dev.reactivedata.monitoring.insights.InsightsReport.Connections;
import dev.reactivedata.monitoring.insights.InsightsReport.DeadlockEvent;
import dev.reactivedata.monitoring.insights.InsightsReport.Deadlocks;
import dev.reactivedata.monitoring.insights.InsightsReport.LongRunningQuery;
import dev.reactivedata.monitoring.insights.InsightsReport.ReplicaLag;
import dev.reactivedata.monitoring.insights.InsightsReport.SessionGroup;
import dev.reactivedata.monitoring.insights.InsightsReport.TableCacheHit;
import dev.reactivedata.monitoring.insights.InsightsReport.TopQuery;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static dev.reactivedata.monitoring.insights.InsightQueries.decimal;
import static dev.reactivedata.monitoring.insights.InsightQueries.instant;
import static dev.reactivedata.monitoring.insights.InsightQueries.integer;
import static dev.reactivedata.monitoring.insights.InsightQueries.number;
import static dev.reactivedata.monitoring.insights.InsightQueries.query;
import static dev.reactivedata.monitoring.insights.InsightQueries.round;
import static dev.reactivedata.monitoring.insights.InsightQueries.roundOrNull;
import static dev.reactivedata.monitoring.insights.InsightQueries.text;
import static dev.reactivedata.monitoring.insights.PostgresInsights.human;

/**
 * The workload checks of {@link PostgresInsights}: the cache hit ratio, blocking and long-running queries,
 * deadlocks, connections, the top queries and replication.
 */
final class ActivityChecks {

	private final InsightsOptions options;

	private final Clock clock;

	private final ReportHistory history;

	ActivityChecks(InsightsOptions options, Clock clock, ReportHistory history) {
		this.options = options;
		this.clock = clock;
		this.history = history;
	}

	Mono<InsightCheck<CacheHitRatio>> cacheHitRatio(Connection connection, ReportDraft draft) {
		return query(connection, """
				SELECT schema, tbl, hit, rd FROM (
				  SELECT schemaname::text AS schema, relname::text AS tbl,
				         (coalesce(heap_blks_hit, 0) + coalesce(idx_blks_hit, 0) + coalesce(toast_blks_hit, 0))::bigint AS hit,
				         (coalesce(heap_blks_read, 0) + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0))::bigint AS rd
				  FROM pg_statio_user_tables) io
				ORDER BY hit + rd DESC, tbl
				LIMIT 10""", row -> {
					long hit = number(row, "hit");
					long blocks = hit + number(row, "rd");
					return new TableCacheHit(text(row, "schema"), text(row, "tbl"),
							(blocks > 0) ? round((double) hit / blocks) : null, blocks);
				})
			.flatMap(byTable -> query(connection, """
					SELECT (SELECT sum(heap_blks_hit)::float8 / nullif(sum(heap_blks_hit) + sum(heap_blks_read), 0)
					        FROM pg_statio_user_tables) AS tables,
					       (SELECT sum(idx_blks_hit)::float8 / nullif(sum(idx_blks_hit) + sum(idx_blks_read), 0)
					        FROM pg_statio_user_indexes) AS indexes,
					       ((SELECT coalesce(sum(heap_blks_hit + heap_blks_read), 0) FROM pg_statio_user_tables)
					        + (SELECT coalesce(sum(idx_blks_hit + idx_blks_read), 0) FROM pg_statio_user_indexes))::bigint AS blocks""",
					row -> new CacheHitRatio(roundOrNull(row.get("tables", Double.class)),
							roundOrNull(row.get("indexes", Double.class)), number(row, "blocks"), byTable)))
			.map(found -> {
				CacheHitRatio ratio = found.get(0);
				String evidence = draft.age(this.clock.instant()) + "; " + ratio.blocks() + " block reads";
				if (draft.youngerThan(this.options.minStatisticsAge(), this.clock.instant())
						|| ratio.blocks() < this.options.cacheHitMinBlocks()) {
					return InsightCheck.notEnoughData(found, "waiting for statistics covering "
							+ human(this.options.minStatisticsAge()) + " and " + this.options.cacheHitMinBlocks()
							+ " block reads: a young or idle database reads from disk what it has not read yet",
							evidence);
				}
				boolean low = ratio.tables() != null && ratio.tables() < this.options.cacheHitRatio();
				return new InsightCheck<>(low ? InsightCheck.Status.WARN : InsightCheck.Status.OK, found, null, evidence);
			});
	}

	Mono<List<BlockingQuery>> blockingQueries(Connection connection) {
		return query(connection, """
				SELECT a.pid::int AS pid, b.pid::int AS blocking_pid,
				       (extract(epoch FROM now() - a.query_start) * 1000)::float8 AS waiting_ms,
				       a.query::text AS query, b.query::text AS blocking_query, b.state::text AS blocking_state
				FROM pg_stat_activity a
				CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS blocker(pid)
				JOIN pg_stat_activity b ON b.pid = blocker.pid
				WHERE a.datname = current_database()
				ORDER BY waiting_ms DESC
				LIMIT 50""",
				row -> new BlockingQuery(integer(row, "pid"), integer(row, "blocking_pid"), decimal(row, "waiting_ms"),
						row.get("query", String.class), row.get("blocking_query", String.class),
						row.get("blocking_state", String.class), List.of()))
			.map(found -> {
				Map<Integer, Integer> blockedBy = new LinkedHashMap<>();
				found.forEach(blocked -> blockedBy.putIfAbsent(blocked.pid(), blocked.blockingPid()));
				return found.stream().map(blocked -> {
					List<Integer> chain = new ArrayList<>(List.of(blocked.pid()));
					Integer next = blocked.blockingPid();
					while (next != null && !chain.contains(next) && chain.size() < 20) {
						chain.add(next);
						next = blockedBy.get(next);
					}
					return new BlockingQuery(blocked.pid(), blocked.blockingPid(), blocked.waitingMs(), blocked.query(),
							blocked.blockingQuery(), blocked.blockingState(), chain);
				}).toList();
			});
	}

	Mono<List<LongRunningQuery>> longRunningQueries(Connection connection) {
		return query(connection, """
				SELECT pid::int AS pid, state::text AS state,
				       (extract(epoch FROM now() - query_start) * 1000)::float8 AS duration_ms, query::text AS query
				FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()
				  AND state IS NOT NULL AND state <> 'idle'
				  AND query_start < now() - make_interval(secs => $1)
				ORDER BY duration_ms DESC
				LIMIT 50""",
				row -> new LongRunningQuery(integer(row, "pid"), row.get("state", String.class),
						decimal(row, "duration_ms"), row.get("query", String.class)),
				this.options.longRunning().toMillis() / 1000.0);
	}

	Mono<InsightCheck<Deadlocks>> deadlocks(Connection connection) {
		return query(connection,
				"SELECT coalesce(deadlocks, 0)::bigint AS deadlocks FROM pg_stat_database WHERE datname = current_database()",
				row -> number(row, "deadlocks"))
			.map(found -> {
				long count = found.isEmpty() ? 0 : found.get(0);
				List<DeadlockEvent> history = this.history.deadlocks(this.clock.instant(), count);
				Deadlocks deadlocks = new Deadlocks(count, history);
				return (count == 0) ? InsightCheck.informational(List.of(deadlocks))
						: InsightCheck.of(List.of(deadlocks), history.isEmpty()
								? "no new deadlock since this instance started watching"
								: history.size() + " reports saw new deadlocks, the last at "
										+ history.get(history.size() - 1).seenAt());
			});
	}

	Mono<List<Connections>> connections(Connection connection, ReportDraft draft) {
		return query(connection, """
				SELECT coalesce(state, 'unknown')::text AS state, wait_event_type::text AS wait_type,
				       wait_event::text AS wait_event, count(*)::bigint AS sessions
				FROM pg_stat_activity WHERE datname = current_database()
				GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST""",
				row -> new SessionGroup(text(row, "state"), row.get("wait_type", String.class),
						row.get("wait_event", String.class), number(row, "sessions")))
			.map(groups -> {
				Map<String, Long> byState = new LinkedHashMap<>();
				groups.forEach(group -> byState.merge(group.state(), group.sessions(), Long::sum));
				return List.of(new Connections(byState, draft.maxConnections, groups));
			});
	}

	Mono<InsightCheck<TopQuery>> topQueries(Connection connection, ReportDraft draft) {
		if (!draft.statementsInstalled) {
			return Mono.just(InsightCheck.unavailable("The pg_stat_statements extension is not created in this "
					+ "database (it must be in shared_preload_libraries, then CREATE EXTENSION pg_stat_statements)"));
		}
		QueryPlans plans = new QueryPlans(connection, draft.versionNumber);
		return query(connection, """
				SELECT s.query::text AS query, s.calls::bigint AS calls, s.total_exec_time::float8 AS total_ms,
				       s.mean_exec_time::float8 AS mean_ms, s.rows::bigint AS rows
				FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
				WHERE d.datname = current_database()
				ORDER BY s.total_exec_time DESC
				LIMIT $1""",
				row -> new TopQuery(text(row, "query"), number(row, "calls"), round(decimal(row, "total_ms")),
						round(decimal(row, "mean_ms")), number(row, "rows"), null, ""),
				this.options.topQueries())
			.flatMapMany(Flux::fromIterable)
			.concatMap(plans::withPlan)
			.collectList()
			.map(InsightCheck::informational);
	}

	Mono<List<ReplicaLag>> replication(Connection connection) {
		return query(connection, """
				SELECT coalesce(application_name, '')::text AS name, client_addr::text AS addr,
				       coalesce(state, 'unknown')::text AS state,
				       coalesce(pg_wal_lsn_diff(sent_lsn, replay_lsn), 0)::bigint AS lag_bytes,
				       (extract(epoch FROM replay_lag) * 1000)::float8 AS lag_ms
				FROM pg_stat_replication ORDER BY 1""",
				row -> new ReplicaLag(text(row, "name"), row.get("addr", String.class), text(row, "state"),
						number(row, "lag_bytes"), roundOrNull(row.get("lag_ms", Double.class))));
	}

}
