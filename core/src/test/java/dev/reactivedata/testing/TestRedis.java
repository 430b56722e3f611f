package dev.reactivedata.testing;

/**
 * The test Redis server and the key prefix that one integration test class owns; keys under the prefix are
 * deleted after the class.
 *
 * @param host the Redis host
 * @param port the Redis port
 * @param keyPrefix the prefix every key of the test class must start with
 */
public record TestRedis(String host, int port, String keyPrefix) {

	/** @return the Redis URI, {@code redis://host:port} */
	public String uri() {
		return "redis://" + this.host + ":" + this.port;
	}

}
