package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The in-process layer in front of Redis, kept coherent by Redis client-side caching without any reliance on
 * timing.
 *
 * <p>A connection of its own, {@code C}, runs {@code CLIENT TRACKING ON} (RESP3). Near-cache misses read the
 * entry through {@code C}, so Redis remembers that {@code C} holds the key and, while it executes any later
 * write of it, queues an invalidation push to {@code C} before the writer can get its reply. Lettuce hands
 * pushes to the listener in stream order on {@code C}'s event loop.
 * <ul>
 * <li>Fill race: each key's stripe counts invalidations; a fill reads the counter (and the epoch, bumped on a
 * flush or a lost connection) before its {@code GET} is sent and keeps the entry with both. An entry answers a
 * read only while neither has moved, so an invalidation that lands at any time after the {@code GET} was sent
 * makes it unservable, whether or not its removal has happened yet.</li>
 * <li>Barrier: a hit is served only after a {@code PING} sent on {@code C} after the read started has been
 * answered. Its reply follows, in {@code C}'s stream, the push of every write acknowledged before the read
 * started, so those invalidations have been applied. Reads that arrive while a {@code PING} is in flight wait
 * for the next one, which all of them share.</li>
 * <li>Connection loss: the near cache empties and stays off (reads go to Redis on the shared connection) until
 * a new {@code C} has tracking on; then hits again need a barrier on it.</li>
 * </ul>
 * <p>On a Redis Cluster each master has a {@code C} of its own, and every key is read, tracked and fenced on
 * the master that owns its slot in Lettuce's topology: a write there pushes the invalidation to that master's
 * {@code C}. An entry remembers the {@code C} it came through and is served only while that {@code C} is
 * still the one of the master owning its slot. Topology changes need no further step:
 * <ul>
 * <li>A slot moved away ({@code MIGRATE}) deletes its keys on the old master, which pushes their invalidation
 * before any write can reach the new one.</li>
 * <li>A master demoted to replica may apply the new master's writes late, so its barrier is {@code ROLE}
 * rather than {@code PING}: a reply other than {@code master} fails the barrier and turns that node's
 * near cache off, emptying it; the read goes to the shared cluster connection, which follows redirects.</li>
 * <li>A read through a {@code C} whose node no longer owns the slot gets {@code MOVED} or {@code ASK} and
 * goes to the shared cluster connection; the entry is not kept.</li>
 * </ul>
 * Losing one node's {@code C} empties the whole near cache and keeps it off for that node's keys until a new
 * {@code C} to that node has tracking on. A master cut off from the rest of the cluster that still believes
 * it owns its slots is outside the guarantee, as it is for Redis Cluster itself.
 */
final class NearCache {

	private static final Log logger = LogFactory.getLog(NearCache.class);

	private static final int STRIPES = 1024;

	private final String name;

	private final SharedRedisConnection connection;

	private final Scheduler clock;

	private final long retryMillis;

	private final Cache<String, Entry> entries;

	private final AtomicLongArray invalidations = new AtomicLongArray(STRIPES);

	private final AtomicLong epoch = new AtomicLong();

	private final LongAdder hits = new LongAdder();

	/** The one server's node, or {@code null} on a cluster. */
	private final @Nullable Node server;

	/** A cluster's masters by node id, added as keys are read on them. */
	private final ConcurrentHashMap<String, Node> masters = new ConcurrentHashMap<>();

	NearCache(String name, SharedRedisConnection connection, long maximumSize, Scheduler clock, long retryMillis) {
		this.name = name;
		this.connection = connection;
		this.clock = clock;
		this.retryMillis = retryMillis;
		this.server = connection.isCluster() ? null : new Node(null);
		// Maintenance on the caller's thread: no hand-off to the common pool on the read path.
		this.entries = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
	}

	/**
	 * Emits the raw entry of {@code key}: from the near cache after a barrier, else read through the tracking
	 * connection of the node that owns it (and kept), else, while that connection is down or the cluster's
	 * topology is not known yet, {@code fromRedis}.
	 */
	Mono<byte[]> get(String key, Mono<byte[]> fromRedis) {
		Node node = nodeOf(key);
		if (node == null) {
			return fromRedis;
		}
		Session current = node.session.get();
		if (current == null) {
			connect(node);
			return fromRedis;
		}
		Entry kept = this.entries.getIfPresent(key);
		if (kept == null || !servable(kept, current, key)) {
			return fetch(current, key, fromRedis);
		}
		return current.barrier().flatMap(passed -> {
			if (!passed) {
				if (current.demoted) {
					lost(current);
				}
				return fromRedis;
			}
			// The counters, not the map, tell whether an invalidation landed before the barrier's reply.
			if (servable(kept, current, key) && kept.expiresAtMillis() > System.currentTimeMillis()) {
				this.hits.increment();
				return Mono.just(kept.raw());
			}
			return fetch(current, key, fromRedis);
		});
	}

	/**
	 * Returns the node whose tracking connection reads {@code key}: the one server, or the master that owns the
	 * key's slot in the topology of the open cluster connection ({@code null} while it is not open).
	 */
	private @Nullable Node nodeOf(String key) {
		Node single = this.server;
		if (single != null) {
			return single;
		}
		Partitions topology = this.connection.clusterTopology();
		RedisClusterNode master = (topology != null) ? topology.getMasterBySlot(SlotHash.getSlot(key)) : null;
		if (master == null) {
			return null;
		}
		Node node = this.masters.get(master.getNodeId());
		if (node != null && node.answersAt(master.getUri())) {
			return node;
		}
		// A new master, or a node id that now answers at another address: its old connection is not used again.
		Node added = new Node(master.getUri());
		if (node == null) {
			return this.masters.computeIfAbsent(master.getNodeId(), id -> added);
		}
		if (this.masters.replace(master.getNodeId(), node, added)) {
			Session old = node.session.get();
			if (old != null) {
				lost(old);
			}
			return added;
		}
		return this.masters.get(master.getNodeId());
	}

	private Mono<byte[]> fetch(Session current, String key, Mono<byte[]> fromRedis) {
		return Mono.defer(() -> {
			int stripe = stripe(key);
			long seen = this.invalidations.get(stripe);
			long epoch = this.epoch.get();
			return Mono.fromCompletionStage(current.commands().get(key))
				.doOnNext(raw -> fill(current, key, stripe, seen, epoch, raw));
		}).onErrorResume(ex -> {
			// On a cluster this is also a MOVED or ASK redirect: the shared connection follows it.
			if (logger.isDebugEnabled()) {
				logger.debug("Near cache of '" + this.name + "' could not read " + key
						+ " through its tracking connection" + current.node() + "; reading Redis on the shared connection",
						ex);
			}
			return fromRedis;
		});
	}

	private void fill(Session current, String key, int stripe, long seen, long epoch, byte[] raw) {
		CacheEntry decoded;
		try {
			decoded = CacheEntry.decode(raw);
		}
		catch (RuntimeException ex) {
			// Not kept: the read path counts it as undecodable and overwrites it.
			return;
		}
		if (decoded.kind() == CacheEntry.TOMBSTONE || !unchanged(current, stripe, seen, epoch)) {
			return;
		}
		Entry entry = new Entry(current, raw, decoded.expiresAtMillis(), seen, epoch);
		this.entries.put(key, entry);
		if (!unchanged(current, stripe, seen, epoch)) {
			this.entries.asMap().remove(key, entry);
		}
	}

	/**
	 * Tells whether a kept entry may answer a read through {@code current}: it came through that very connection
	 * and neither an invalidation of its stripe nor a flush or lost connection happened since it was filled. The
	 * entry is checked against the counters, not only removed by the invalidation, so a removal that did not
	 * happen (the push handler failed half-way) can never leave a stale entry servable.
	 */
	private boolean servable(Entry entry, Session current, String key) {
		return entry.session == current && this.invalidations.get(stripe(key)) == entry.seen
				&& this.epoch.get() == entry.epoch;
	}

	private boolean unchanged(Session current, int stripe, long seen, long epoch) {
		return current.owner.session.get() == current && this.invalidations.get(stripe) == seen
				&& this.epoch.get() == epoch;
	}

	private void invalidated(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			// Every stripe first: that alone makes the entries unservable, their removal only frees the memory.
			for (Object key : list) {
				this.invalidations.incrementAndGet(stripe(String.valueOf(key)));
			}
			for (Object key : list) {
				this.entries.invalidate(String.valueOf(key));
			}
		}
		else {
			// A null key list: Redis flushed a database or dropped its tracking table.
			this.epoch.incrementAndGet();
			this.entries.invalidateAll();
		}
	}

	private void lost(Session lost) {
		lost.closed = true;
		if (turnOff(lost) && !this.connection.isClosed()) {
			logger.warn("Near cache of '" + this.name + "' lost its invalidation connection" + lost.node() + (lost.demoted
					? " (the node is no longer a master)" : "") + "; it is empty and off until the connection is back");
		}
		if (lost.connection().isOpen()) {
			lost.connection().closeAsync();
		}
	}

	private boolean turnOff(Session lost) {
		if (!lost.owner.session.compareAndSet(lost, null)) {
			return false;
		}
		this.epoch.incrementAndGet();
		this.entries.invalidateAll();
		return true;
	}

	private void turnOn(Session started) {
		started.owner.session.set(started);
		// Lost between tracking on and now: lost() found nothing to turn off.
		if (started.closed) {
			turnOff(started);
			return;
		}
		started.owner.openFailureLogged.set(false);
		logger.info("Near cache of '" + this.name + "' is on" + started.node() + ": Redis tracks what it holds");
	}

	/**
	 * Opens a node's tracking connection unless it is being opened or an attempt failed less than the retry
	 * interval ago. This is a background task of the near cache, not of any read, so it is subscribed here.
	 */
	private void connect(Node node) {
		long now = this.clock.now(TimeUnit.MILLISECONDS);
		if (now < node.nextAttemptMillis || !node.connecting.compareAndSet(false, true)) {
			return;
		}
		node.nextAttemptMillis = now + this.retryMillis;
		RedisURI uri = node.uri;
		((uri != null) ? this.connection.openDedicated(uri) : this.connection.openDedicated())
			.flatMap(opened -> Mono.fromCompletionStage(track(node, opened)))
			.doFinally(signal -> node.connecting.set(false))
			.subscribe(this::turnOn, ex -> notOpened(node, ex));
	}

	/**
	 * Logs a failed attempt to open a tracking connection: the first since that node's near cache was last on
	 * as a warning, the others (one per retry interval while Redis is away) at debug level.
	 */
	private void notOpened(Node node, Throwable ex) {
		String message = "Near cache of '" + this.name + "' could not open its invalidation connection"
				+ node.describe() + "; reads go to Redis until it can";
		if (node.openFailureLogged.compareAndSet(false, true)) {
			logger.warn(message + " (further failures are logged at debug level)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	private CompletableFuture<Session> track(Node node, StatefulRedisConnection<String, byte[]> opened) {
		Session started = new Session(node, opened, opened.async());
		opened.addListener(this::invalidated);
		opened.addListener(new RedisConnectionStateListener() {

			@Override
			public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
				lost(started);
			}

		});
		return opened.async()
			.clientTracking(TrackingArgs.Builder.enabled())
			.toCompletableFuture()
			.thenApply(ok -> {
				if (!opened.isOpen()) {
					throw new IllegalStateException("The tracking connection closed while tracking was turned on");
				}
				return started;
			})
			.whenComplete((ok, ex) -> {
				if (ex != null) {
					opened.closeAsync();
				}
			});
	}

	/**
	 * @return whether the tracking connections are up with tracking on: the one server's, or on a cluster
	 * those of the current masters that keys were read on, of which there is at least one
	 */
	boolean isOn() {
		Node single = this.server;
		if (single != null) {
			return single.session.get() != null;
		}
		Partitions topology = this.connection.clusterTopology();
		if (topology == null) {
			return false;
		}
		List<Node> current = this.masters.entrySet()
			.stream()
			.filter(node -> {
				RedisClusterNode known = topology.getPartitionByNodeId(node.getKey());
				return known != null && known.getRole().isUpstream();
			})
			.map(Map.Entry::getValue)
			.toList();
		return !current.isEmpty() && current.stream().allMatch(node -> node.session.get() != null);
	}

	/** @return the reads answered from the near cache */
	long hits() {
		return this.hits.sum();
	}

	/** @return the entries held now */
	long size() {
		return this.entries.estimatedSize();
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/**
	 * Emits the value decoded before from this very entry to this type, if the near cache still holds it.
	 */
	@Nullable Object decoded(String key, byte[] raw, Class<?> type) {
		// Quietly: the read that returned these bytes recorded the access already.
		Entry entry = this.entries.policy().getIfPresentQuietly(key);
		if (entry == null || entry.raw() != raw) {
			return null;
		}
		Decoded decoded = entry.decoded;
		return (decoded != null && decoded.type() == type) ? decoded.value() : null;
	}

	/**
	 * Keeps the value decoded from this very entry, so later hits skip the codec.
	 */
	void remember(String key, byte[] raw, Class<?> type, Object value) {
		// Quietly: the read that returned these bytes recorded the access already.
		Entry entry = this.entries.policy().getIfPresentQuietly(key);
		if (entry != null && entry.raw() == raw) {
			entry.decoded = new Decoded(type, value);
		}
	}

	private static final class Entry {

		private final Session session;

		private final byte[] raw;

		private final long expiresAtMillis;

		/** The invalidation count of the key's stripe when the entry was read from Redis. */
		private final long seen;

		/** The near cache's epoch when the entry was read from Redis. */
		private final long epoch;

		private volatile @Nullable Decoded decoded;

		Entry(Session session, byte[] raw, long expiresAtMillis, long seen, long epoch) {
			this.session = session;
			this.raw = raw;
			this.expiresAtMillis = expiresAtMillis;
			this.seen = seen;
			this.epoch = epoch;
		}

		byte[] raw() {
			return this.raw;
		}

		long expiresAtMillis() {
			return this.expiresAtMillis;
		}

	}

	private record Decoded(Class<?> type, Object value) {
	}

	/**
	 * The one server or a cluster master as the near cache sees it: its tracking connection when it is on, and
	 * the state of opening one.
	 */
	private static final class Node {

		/** Where the cluster node answers, {@code null} for the one server. */
		private final @Nullable RedisURI uri;

		private final AtomicReference<@Nullable Session> session = new AtomicReference<>();

		private final AtomicBoolean connecting = new AtomicBoolean();

		private final AtomicBoolean openFailureLogged = new AtomicBoolean();

		private volatile long nextAttemptMillis;

		Node(@Nullable RedisURI uri) {
			this.uri = uri;
		}

		boolean answersAt(RedisURI address) {
			RedisURI own = this.uri;
			return own != null && own.getPort() == address.getPort() && own.getHost().equals(address.getHost());
		}

		String describe() {
			RedisURI address = this.uri;
			return (address != null) ? " to " + address.getHost() + ":" + address.getPort() : "";
		}

	}

	/**
	 * One tracking connection and its barrier: up to {@link #PINGS_IN_FLIGHT} probes in flight, each shared by
	 * the reads that joined before it was sent; reads that arrive while that many are in flight form the next
	 * group, whose probe is sent when one of them is answered. The probe is {@code PING} on one server and
	 * {@code ROLE} on a cluster master, which fails the barrier once the node is no longer a master.
	 */
	private static final class Session {

		/**
		 * Enough to overlap the round trips of consecutive groups. Every probe costs a write and a reply here and
		 * in Redis, so more in flight means smaller groups for the same hits. Measured with 16 readers on 2
		 * cores: 2 served some 205,000 hits a second (median of four runs), 4 about 167,000, 1 (round trips
		 * not overlapped) about as many as 4, and 8 about half as many as 2.
		 */
		private static final int PINGS_IN_FLIGHT = 2;

		private final Node owner;

		private final StatefulRedisConnection<String, byte[]> connection;

		private final RedisAsyncCommands<String, byte[]> commands;

		private volatile boolean closed;

		/** Set when {@code ROLE} answered that the node is no longer a master. */
		private volatile boolean demoted;

		private int inFlight;

		private @Nullable CompletableFuture<Boolean> next;

		Session(Node owner, StatefulRedisConnection<String, byte[]> connection,
				RedisAsyncCommands<String, byte[]> commands) {
			this.owner = owner;
			this.connection = connection;
			this.commands = commands;
		}

		StatefulRedisConnection<String, byte[]> connection() {
			return this.connection;
		}

		RedisAsyncCommands<String, byte[]> commands() {
			return this.commands;
		}

		String node() {
			return this.owner.describe();
		}

		/** Emits {@code true} once a probe sent after subscription is answered, {@code false} if it failed. */
		Mono<Boolean> barrier() {
			// Shared futures: one reader's cancellation must not cancel the others' barrier.
			return Mono.defer(() -> Mono.fromFuture(join(), true));
		}

		private CompletableFuture<Boolean> join() {
			CompletableFuture<Boolean> group;
			synchronized (this) {
				if (this.inFlight >= PINGS_IN_FLIGHT) {
					if (this.next == null) {
						this.next = new CompletableFuture<>();
					}
					return this.next;
				}
				this.inFlight++;
				group = new CompletableFuture<>();
			}
			probe(group);
			return group;
		}

		private void probe(CompletableFuture<Boolean> group) {
			CompletableFuture<Boolean> answered;
			try {
				answered = (this.owner.uri == null)
						? this.commands.ping().toCompletableFuture().thenApply("PONG"::equals)
						: this.commands.role().toCompletableFuture().thenApply(this::master);
			}
			catch (RuntimeException ex) {
				answered = CompletableFuture.failedFuture(ex);
			}
			answered.whenComplete((passed, ex) -> {
				CompletableFuture<Boolean> following;
				synchronized (this) {
					following = this.next;
					this.next = null;
					if (following == null) {
						this.inFlight--;
					}
				}
				if (following != null) {
					probe(following);
				}
				group.complete(ex == null && passed);
			});
		}

		private boolean master(List<Object> role) {
			Object first = role.isEmpty() ? null : role.get(0);
			String name = (first instanceof byte[] bytes) ? new String(bytes, StandardCharsets.US_ASCII)
					: String.valueOf(first);
			if (!"master".equals(name)) {
				this.demoted = true;
				return false;
			}
			return true;
		}

	}

}
