package dev.reactivedata.core.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the core module.
 */
@ConfigurationProperties("reactivedata.core")
public class ReactiveDataCoreProperties {

	private final Tenancy tenancy = new Tenancy();

	private final Migrations migrations = new Migrations();

	private final Pool pool = new Pool();

	private final Tx tx = new Tx();

	private final Repositories repositories = new Repositories();

	private final Audit audit = new Audit();

	/**
	 * PostgreSQL streaming replicas that serve reads outside read-write transactions; none by default.
	 */
	private final List<Replica> replicas = new ArrayList<>();

	/**
	 * How far behind the primary, in time, a replica may be and still serve reads that carry no consistency token.
	 */
	private Duration replicasMaxLag = Duration.ofSeconds(5);

	/**
	 * How far behind the primary, in WAL bytes, a replica may be and still serve reads.
	 */
	private DataSize replicasMaxLagBytes = DataSize.ofMegabytes(16);

	/**
	 * How often each replica's replayed WAL position (and so its lag and health) is read.
	 */
	private Duration replicasPollInterval = Duration.ofSeconds(1);

	public List<Replica> getReplicas() {
		return this.replicas;
	}

	public Duration getReplicasMaxLag() {
		return this.replicasMaxLag;
	}

	public void setReplicasMaxLag(Duration replicasMaxLag) {
		this.replicasMaxLag = replicasMaxLag;
	}

	public DataSize getReplicasMaxLagBytes() {
		return this.replicasMaxLagBytes;
	}

	public void setReplicasMaxLagBytes(DataSize replicasMaxLagBytes) {
		this.replicasMaxLagBytes = replicasMaxLagBytes;
	}

	public Duration getReplicasPollInterval() {
		return this.replicasPollInterval;
	}

	public void setReplicasPollInterval(Duration replicasPollInterval) {
		this.replicasPollInterval = replicasPollInterval;
	}

	/**
	 * One read replica. It gets a connection pool of its own, sized like the primary's (spring.r2dbc.pool.*), and
	 * the primary's credentials unless its URL or username and password say otherwise.
	 */
	public static class Replica {

		/**
		 * Name of the replica in metrics, health and logs; replica-&lt;index&gt; when unset.
		 */
		private @Nullable String name;

		/**
		 * R2DBC URL of the replica, such as r2dbc:postgresql://replica-1:5432/app.
		 */
		private @Nullable String url;

		/**
		 * Login user of the replica; the primary's when unset.
		 */
		private @Nullable String username;

		/**
		 * Login password of the replica; the primary's when unset.
		 */
		private @Nullable String password;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	public Tenancy getTenancy() {
		return this.tenancy;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Tx getTx() {
		return this.tx;
	}

	/**
	 * The guard rails around r2dbc-pool that {@code spring.r2dbc.pool.*} has no keys for. Sizes and timeouts
	 * come from {@code spring.r2dbc.pool.*}; timeouts Spring Boot leaves unset get safe values (acquire 5s,
	 * create 5s, validation 2s).
	 */
	public static class Pool {

		/**
		 * Whether Spring Boot's connection pool is replaced by the guarded pool (typed errors, fatal-error
		 * invalidation, leak detection, pool state).
		 */
		private boolean enabled = true;

		/**
		 * Retries of an acquire after a failed validation or connect; at least the pool's max size. Defaults to the
		 * larger of spring.r2dbc.pool.acquire-retry and spring.r2dbc.pool.max-size.
		 */
		private @Nullable Integer acquireRetry;

		/**
		 * How often idle connections are checked for eviction.
		 */
		private Duration backgroundEvictionInterval = Duration.ofSeconds(30);

		/**
		 * How long a connection may be held before it is reported as a possible leak; 0 turns the report off.
		 */
		private Duration leakThreshold = Duration.ofSeconds(30);

		/**
		 * Whether the acquiring call site is captured for the leak report (a stack walk per acquire on a thread that
		 * may block; acquires on event loops are not captured, their stack never holds the caller).
		 */
		private boolean captureCallSite = true;

		/**
		 * How long acquires must succeed after a degradation before the pool state is UP again.
		 */
		private Duration recoveryPeriod = Duration.ofSeconds(5);

		/**
		 * How long a statement may wait for its first row or row count before it is cancelled, its connection
		 * discarded, and it fails with StatementTimeoutException (HTTP 503); zero turns the limit off. A repository
		 * call or unit of work may set its own with StatementTimeout.of(...) in the Reactor Context.
		 */
		private Duration statementTimeout = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getAcquireRetry() {
			return this.acquireRetry;
		}

		public void setAcquireRetry(@Nullable Integer acquireRetry) {
			this.acquireRetry = acquireRetry;
		}

		public Duration getBackgroundEvictionInterval() {
			return this.backgroundEvictionInterval;
		}

		public void setBackgroundEvictionInterval(Duration backgroundEvictionInterval) {
			this.backgroundEvictionInterval = backgroundEvictionInterval;
		}

		public Duration getLeakThreshold() {
			return this.leakThreshold;
		}

		public void setLeakThreshold(Duration leakThreshold) {
			this.leakThreshold = leakThreshold;
		}

		public boolean isCaptureCallSite() {
			return this.captureCallSite;
		}

		public void setCaptureCallSite(boolean captureCallSite) {
			this.captureCallSite = captureCallSite;
		}

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

		public Duration getRecoveryPeriod() {
			return this.recoveryPeriod;
		}

		public void setRecoveryPeriod(Duration recoveryPeriod) {
			this.recoveryPeriod = recoveryPeriod;
		}

	}

	/**
	 * Units of work: retries of {@code Transactions.retrying(…)} on serialization failures and deadlocks.
	 */
	public static class Tx {

		/**
		 * How many times a unit failing with SQLSTATE 40001 or 40P01 is re-run at most.
		 */
		private int maxRetries = 5;

		/**
		 * Delay before the first retry; doubles with each retry, with jitter.
		 */
		private Duration firstBackoff = Duration.ofMillis(20);

		/**
		 * Longest delay between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(1);

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getFirstBackoff() {
			return this.firstBackoff;
		}

		public void setFirstBackoff(Duration firstBackoff) {
			this.firstBackoff = firstBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	public Audit getAudit() {
		return this.audit;
	}

	/**
	 * The audit log's hash chains.
	 */
	public static class Audit {

		/**
		 * Whether committed audit entries are sealed into their tenants' hash chains while the application runs.
		 * Turn it off only where another instance or job seals them.
		 */
		private boolean sealing = true;

		/**
		 * How often committed audit entries are sealed: the longest an entry stays outside its chain while the
		 * application runs.
		 */
		private Duration sealInterval = Duration.ofMillis(250);

		public boolean isSealing() {
			return this.sealing;
		}

		public void setSealing(boolean sealing) {
			this.sealing = sealing;
		}

		public Duration getSealInterval() {
			return this.sealInterval;
		}

		public void setSealInterval(Duration sealInterval) {
			this.sealInterval = sealInterval;
		}

	}

	public Migrations getMigrations() {
		return this.migrations;
	}

	public Repositories getRepositories() {
		return this.repositories;
	}

	/**
	 * Reactive data repositories.
	 */
	public static class Repositories {

		/**
		 * Secret that keyset scroll cursors are signed with (HMAC-SHA-256). Set the same value on every instance
		 * of a service so cursors work across them; when unset a random key makes cursors process-local.
		 */
		private @Nullable String cursorSecret;

		public @Nullable String getCursorSecret() {
			return this.cursorSecret;
		}

		public void setCursorSecret(@Nullable String cursorSecret) {
			this.cursorSecret = cursorSecret;
		}

	}

	/**
	 * The library's own Flyway migrations.
	 */
	public static class Migrations {

		/**
		 * Whether the library's migrations (classpath:db/reactivedata, the audit_log table) are applied, in their
		 * own history table reactivedata_schema_history, before each run of the application's Flyway.
		 */
		private boolean enabled = true;

		/**
		 * Whether start-up fails when spring.flyway.url names another database than spring.r2dbc.url.
		 */
		private boolean verifySameDatabase = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isVerifySameDatabase() {
			return this.verifySameDatabase;
		}

		public void setVerifySameDatabase(boolean verifySameDatabase) {
			this.verifySameDatabase = verifySameDatabase;
		}

	}

	/**
	 * Tenant binding for PostgreSQL row-level security.
	 */
	public static class Tenancy {

		/**
		 * Whether every connection handed out is bound to the tenant of the Reactor Context.
		 */
		private boolean enabled = true;

		/**
		 * Custom PostgreSQL setting that the row-level security policies read.
		 */
		private String setting = "app.tenant_id";

		/**
		 * Whether start-up fails when the application's database role is not bound by row-level security.
		 */
		private boolean verifyRole = true;

		/**
		 * How long the start-up role check may take, waiting for a database that is unreachable or still starting.
		 */
		private Duration verifyTimeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getSetting() {
			return this.setting;
		}

		public void setSetting(String setting) {
			this.setting = setting;
		}

		public boolean isVerifyRole() {
			return this.verifyRole;
		}

		public void setVerifyRole(boolean verifyRole) {
			this.verifyRole = verifyRole;
		}

		public Duration getVerifyTimeout() {
			return this.verifyTimeout;
		}

		public void setVerifyTimeout(Duration verifyTimeout) {
			this.verifyTimeout = verifyTimeout;
		}

	}

}
