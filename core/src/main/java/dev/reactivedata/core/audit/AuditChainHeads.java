package dev.reactivedata.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The lane heads of {@link DatabaseAuditChainVerifier}: reading them (one statement, one snapshot; per lane, the
 * newest link whose entry is there, else the retention anchor) and checking them again later (one statement for
 * any number of heads). Tenantless entries are keyed by the nil UUID, as the links and retention anchors are.
 */
final class AuditChainHeads {

	private static final UUID NIL = new UUID(0, 0);

	private static final String NEWEST_IN_LANE = """
			SELECT k.chain_seq, k.hash FROM audit_log_chain k JOIN audit_log a ON a.id = k.entry_id
			 WHERE k.tenant_key = %1$s AND k.chain_lane = %2$s AND %3$s ORDER BY k.chain_seq DESC LIMIT 1""";

	private static final String HEADS = """
			WITH tenants AS (
			    SELECT DISTINCT tenant_key FROM audit_log_chain WHERE $1::uuid IS NULL OR tenant_key = $1::uuid
			    UNION
			    SELECT tenant_key FROM audit_log_anchor WHERE $1::uuid IS NULL OR tenant_key = $1::uuid
			)
			SELECT t.tenant_key, l.lane, COALESCE(e.chain_seq, n.chain_seq) AS chain_seq,
			       encode(COALESCE(e.hash, n.hash), 'hex') AS hash
			  FROM tenants t CROSS JOIN generate_series(0, 15) AS l(lane)
			  LEFT JOIN LATERAL (%s) e ON true
			  LEFT JOIN audit_log_anchor n ON n.tenant_key = t.tenant_key AND n.chain_lane = l.lane
			 WHERE e.chain_seq IS NOT NULL OR n.chain_seq IS NOT NULL
			 ORDER BY t.tenant_key, l.lane""".formatted(NEWEST_IN_LANE.formatted("t.tenant_key", "l.lane", "true"));

	private static final String CHECK = """
			SELECT encode(e.hash, 'hex') AS entry_hash, n.chain_seq AS anchor_seq, encode(n.hash, 'hex') AS anchor_hash
			  FROM unnest($1::uuid[], $2::int[], $3::bigint[]) WITH ORDINALITY AS h(tenant_key, lane, seq, ord)
			  LEFT JOIN LATERAL (%s) e ON true
			  LEFT JOIN audit_log_anchor n ON n.tenant_key = h.tenant_key AND n.chain_lane = h.lane
			 ORDER BY h.ord""".formatted(NEWEST_IN_LANE.formatted("h.tenant_key", "h.lane", "k.chain_seq = h.seq"));

	private final DatabaseClient client;

	AuditChainHeads(DatabaseClient client) {
		this.client = client;
	}

	Flux<AuditChainHead> read(@Nullable UUID tenant) {
		DatabaseClient.GenericExecuteSpec spec = this.client.sql(HEADS);
		spec = (tenant != null) ? spec.bind(0, tenant) : spec.bindNull(0, UUID.class);
		return spec.map(AuditChainHeads::head).all();
	}

	Flux<AuditHeadCheck> check(List<AuditChainHead> heads) {
		if (heads.isEmpty()) {
			return Flux.empty();
		}
		UUID[] tenants = heads.stream().map(h -> (h.tenant() != null) ? h.tenant() : NIL).toArray(UUID[]::new);
		Integer[] lanes = heads.stream().map(AuditChainHead::lane).toArray(Integer[]::new);
		Long[] positions = heads.stream().map(AuditChainHead::position).toArray(Long[]::new);
		return this.client.sql(CHECK)
			.bind(0, tenants)
			.bind(1, lanes)
			.bind(2, positions)
			.map(row -> new Found(row.get("entry_hash", String.class), row.get("anchor_seq", Long.class),
					row.get("anchor_hash", String.class)))
			.all()
			.index()
			.map(found -> found.getT2().check(heads.get(found.getT1().intValue())));
	}

	private static AuditChainHead head(Readable row) {
		UUID tenant = Objects.requireNonNull(row.get("tenant_key", UUID.class));
		return new AuditChainHead(NIL.equals(tenant) ? null : tenant, Objects.requireNonNull(row.get("lane", Integer.class)),
				Objects.requireNonNull(row.get("chain_seq", Long.class)), Objects.requireNonNull(row.get("hash", String.class)));
	}

	/** What the database holds at a head's position: the entry's hash, and the lane's retention anchor. */
	private record Found(@Nullable String entryHash, @Nullable Long anchorPosition, @Nullable String anchorHash) {

		AuditHeadCheck check(AuditChainHead head) {
			if (this.entryHash != null) {
				return new AuditHeadCheck(head,
						this.entryHash.equals(head.hash()) ? AuditHeadCheck.Outcome.PRESENT : AuditHeadCheck.Outcome.CHANGED,
						this.entryHash);
			}
			if (this.anchorPosition == null || this.anchorPosition < head.position()) {
				return new AuditHeadCheck(head, AuditHeadCheck.Outcome.MISSING, null);
			}
			if (this.anchorPosition > head.position()) {
				return new AuditHeadCheck(head, AuditHeadCheck.Outcome.RETAINED, null);
			}
			return new AuditHeadCheck(head,
					head.hash().equals(this.anchorHash) ? AuditHeadCheck.Outcome.RETAINED : AuditHeadCheck.Outcome.CHANGED,
					this.anchorHash);
		}

	}

}
