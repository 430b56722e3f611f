package dev.reactivedata.cache.aside;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.reactivedata.cache.redis.SharedRedisConnection;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cache's Redis side: key layout, the fencing script and the commands, on one server or a cluster.
 * Layout: {@code <prefix><name>:gen} holds the namespace generation; entries live at
 * {@code <prefix><name>:g<gen>:<tenant>:v:<key>} and tag sets at {@code <prefix><name>:g<gen>:<tenant>:t:<tag>}.
 * Every script touches one key, so it runs on a cluster too.
 */
final class CacheStore {

	static final String NO_TENANT = "-";

	/**
	 * Stores an entry unless it would replace something newer. ARGV: kind, version, ttl millis, deadline
	 * (Redis-clock epoch millis, 0 for none), entry bytes. Returns 1 stored, 0 fenced, -1 past deadline.
	 * Value over value or tombstone: only when not older. Not-found: only over nothing or not-found.
	 * Tombstone: over anything older; an equal tombstone gets a fresh TTL. Anything over an entry without a
	 * readable header.
	 */
	static final String FENCED_SET = """
			local deadline = tonumber(ARGV[4])
			if deadline > 0 then
			  local t = redis.call('TIME')
			  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > deadline then return -1 end
			end
			local cur = redis.call('GET', KEYS[1])
			local kind, ver
			if cur then
			  kind = string.sub(cur, 1, 1)
			  local sep = string.find(cur, '|', 2, true)
			  if sep then ver = tonumber(string.sub(cur, 2, sep - 1)) end
			end
			if ver then
			  local new = ARGV[1]
			  local v = tonumber(ARGV[2])
			  if new == 'N' then
			    if kind ~= 'N' then return 0 end
			  elseif new == 'V' then
			    if kind ~= 'N' and v < ver then return 0 end
			  else
			    if kind ~= 'N' and v <= ver then
			      if kind == 'T' and v == ver then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
			      return 0
			    end
			  end
			end
			redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[3])
			return 1
			""";

	private static final String FENCED_SET_SHA = sha1(FENCED_SET);

	private static final byte[] FENCED_SET_BYTES = FENCED_SET.getBytes(StandardCharsets.UTF_8);

	private final SharedRedisConnection connection;

	private final String base;

	private final String generationKey;

	CacheStore(SharedRedisConnection connection, String keyPrefix, String name) {
		this.connection = connection;
		this.base = keyPrefix + name + ":";
		this.generationKey = this.base + "gen";
	}

	String entryKey(long generation, String tenant, String key) {
		return this.base + "g" + generation + ":" + tenant + ":v:" + key;
	}

	String tagKey(long generation, String tenant, String tag) {
		return this.base + "g" + generation + ":" + tenant + ":t:" + tag;
	}

	String entryPattern(long generation, String tenant, String pattern) {
		return escapeGlob(this.base + "g" + generation + ":" + tenant + ":v:") + pattern;
	}

	Mono<Long> generation() {
		return this.connection.keyCommands()
			.flatMap(commands -> commands.get(this.generationKey))
			.map(bytes -> Long.parseLong(new String(bytes, StandardCharsets.US_ASCII)))
			.defaultIfEmpty(0L);
	}

	Mono<Long> bumpGeneration() {
		return this.connection.keyCommands().flatMap(commands -> commands.incr(this.generationKey));
	}

	Mono<byte[]> get(String key) {
		return this.connection.asyncKeyCommands().flatMap(commands -> Mono.fromCompletionStage(commands.get(key)));
	}

	Mono<Long> fencedSet(String key, char kind, long version, long ttlMillis, long deadlineMillis, byte[] entry) {
		String[] keys = { key };
		byte[][] args = { String.valueOf(kind).getBytes(StandardCharsets.US_ASCII), ascii(version), ascii(ttlMillis),
				ascii(deadlineMillis), entry };
		return this.connection.keyCommands()
			.flatMap(commands -> commands.<Long>evalsha(FENCED_SET_SHA, ScriptOutputType.INTEGER, keys, args)
				.next()
				.onErrorResume(RedisNoScriptException.class,
						ex -> commands.<Long>eval(FENCED_SET_BYTES, ScriptOutputType.INTEGER, keys, args).next()));
	}

	Mono<Void> tag(String tagKey, String entryKey, long ttlMillis) {
		return this.connection.keyCommands()
			.flatMap(commands -> commands.sadd(tagKey, entryKey.getBytes(StandardCharsets.UTF_8))
				.then(commands.pexpire(tagKey, ttlMillis)))
			.then();
	}

	Mono<Long> unlink(List<String> keys) {
		if (keys.isEmpty()) {
			return Mono.just(0L);
		}
		return this.connection.keyCommands().flatMap(commands -> commands.unlink(keys.toArray(String[]::new)));
	}

	Mono<Long> unlinkTag(String tagKey) {
		return this.connection.keyCommands()
			.flatMap(commands -> commands.smembers(tagKey)
				.map(member -> new String(member, StandardCharsets.UTF_8))
				.buffer(500)
				.concatMap(this::unlink)
				.reduce(0L, Long::sum)
				.flatMap(count -> commands.unlink(tagKey).thenReturn(count)));
	}

	Mono<Long> unlinkPattern(String pattern) {
		return this.connection.keyCommands()
			.flatMap(commands -> ScanStream.scan(commands, ScanArgs.Builder.matches(pattern).limit(500))
				.buffer(500)
				.concatMap(this::unlink)
				.reduce(0L, Long::sum));
	}

	Mono<String> ping() {
		return this.connection.ping();
	}

	Flux<String> keys(String pattern) {
		return this.connection.keyCommands()
			.flatMapMany(commands -> ScanStream.scan(commands, ScanArgs.Builder.matches(pattern).limit(500)));
	}

	private static byte[] ascii(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	static String escapeGlob(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length() + 8);
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	private static String sha1(String script) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every JVM", ex);
		}
	}

}
