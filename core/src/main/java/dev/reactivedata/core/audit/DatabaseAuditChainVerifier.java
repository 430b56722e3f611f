package dev.reactivedata.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@link AuditChainVerifier} in one query per tenant: the database recomputes every link's hash from its
 * entry and its predecessor's stored hash in the same lane (or the lane's retention anchor's) with the same function
 * that sealed it (in the link's content format), and returns the number of linked and unlinked entries and the
 * first linked one (by id) whose position or hash does not follow. A link whose entry is gone is passed over, and
 * shows as the gap it leaves. The lane heads are {@link AuditChainHeads}' work.
 */
final class DatabaseAuditChainVerifier implements AuditChainVerifier {

	private static final String NIL = "'00000000-0000-0000-0000-000000000000'::uuid";

	private static final String VERIFY = """
			WITH anchor AS (
			    SELECT n.chain_lane, n.chain_seq, n.hash FROM audit_log_anchor n WHERE n.tenant_key = COALESCE($1::uuid, %1$s)
			), chain AS (
			    SELECT a.id, k.chain_lane, k.chain_seq, k.hash,
			           lag(k.chain_seq) OVER w AS previous_seq, lag(k.hash) OVER w AS previous_hash,
			           reactivedata_audit_log_content(a, k) AS content
			      FROM audit_log_chain k
			      JOIN audit_log a ON a.id = k.entry_id
			     WHERE k.tenant_key = COALESCE($1::uuid, %1$s)
			    WINDOW w AS (PARTITION BY k.chain_lane ORDER BY k.chain_seq)
			), checked AS (
			    SELECT c.id, c.chain_lane, c.chain_seq, c.hash,
			           COALESCE(c.previous_seq, n.chain_seq, 0) + 1 AS expected_seq,
			           sha256(COALESCE(c.previous_hash, n.hash, ''::bytea) || c.content) AS expected_hash
			      FROM chain c LEFT JOIN anchor n ON n.chain_lane = c.chain_lane
			)
			SELECT (SELECT count(*) FROM checked) AS checked,
			       (SELECT count(*) FROM audit_log a
			         WHERE %2$s AND NOT EXISTS (SELECT 1 FROM audit_log_chain k WHERE k.entry_id = a.id)) AS unsealed,
			       b.id, b.chain_lane, b.chain_seq, b.expected_seq,
			       encode(b.hash, 'hex') AS found_hash, encode(b.expected_hash, 'hex') AS expected_hash
			  FROM (SELECT 1) one LEFT JOIN LATERAL (
			      SELECT * FROM checked k WHERE k.chain_seq <> k.expected_seq OR k.hash IS DISTINCT FROM k.expected_hash
			       ORDER BY k.id LIMIT 1) b ON true""";

	private static final String VERIFY_TENANT = VERIFY.formatted(NIL, "a.tenant_id = $1::uuid");

	private static final String VERIFY_TENANTLESS = VERIFY.formatted(NIL, "a.tenant_id IS NULL AND $1::uuid IS NULL");

	private static final String TENANTS = "SELECT DISTINCT tenant_id FROM audit_log ORDER BY tenant_id NULLS FIRST";

	private final DatabaseClient client;

	private final AuditChainHeads heads;

	DatabaseAuditChainVerifier(DatabaseClient client) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		this.heads = new AuditChainHeads(client);
	}

	@Override
	public Mono<AuditChainReport> verify(UUID tenant) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		return verifyChain(tenant);
	}

	@Override
	public Flux<AuditChainReport> verifyAll() {
		return this.client.sql(TENANTS)
			.map(row -> new Tenant(row.get(0, UUID.class)))
			.all()
			.concatMap(tenant -> verifyChain(tenant.id()));
	}

	@Override
	public Flux<AuditChainHead> heads() {
		return this.heads.read(null);
	}

	@Override
	public Flux<AuditChainHead> heads(UUID tenant) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		return this.heads.read(tenant);
	}

	@Override
	public Flux<AuditHeadCheck> checkHeads(List<AuditChainHead> heads) {
		Objects.requireNonNull(heads, "heads must not be null");
		List<AuditChainHead> given = List.copyOf(heads);
		return Flux.defer(() -> this.heads.check(given));
	}

	private Mono<AuditChainReport> verifyChain(@Nullable UUID tenant) {
		DatabaseClient.GenericExecuteSpec spec = this.client.sql((tenant != null) ? VERIFY_TENANT : VERIFY_TENANTLESS);
		spec = (tenant != null) ? spec.bind(0, tenant) : spec.bindNull(0, UUID.class);
		return spec.map(row -> report(tenant, row)).one();
	}

	private static AuditChainReport report(@Nullable UUID tenant, Readable row) {
		long checked = Objects.requireNonNull(row.get("checked", Long.class));
		long unsealed = Objects.requireNonNull(row.get("unsealed", Long.class));
		Long id = row.get("id", Long.class);
		if (id == null) {
			return new AuditChainReport(tenant, checked, unsealed, null);
		}
		int lane = Objects.requireNonNull(row.get("chain_lane", Short.class));
		long position = Objects.requireNonNull(row.get("chain_seq", Long.class));
		long expectedPosition = Objects.requireNonNull(row.get("expected_seq", Long.class));
		AuditChainReport.AuditChainBreak broken = (position != expectedPosition)
				? new AuditChainReport.AuditChainBreak(id, lane, position, AuditChainReport.Kind.MISSING_ENTRIES,
						Long.toString(expectedPosition), Long.toString(position))
				: new AuditChainReport.AuditChainBreak(id, lane, position, AuditChainReport.Kind.CHANGED_ENTRY,
						String.valueOf(row.get("expected_hash", String.class)),
						String.valueOf(row.get("found_hash", String.class)));
		return new AuditChainReport(tenant, checked, unsealed, broken);
	}

	private record Tenant(@Nullable UUID id) {
	}

}
