package dev.reactivedata.bench.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws keys with a Zipf distribution (exponent {@code s}): the key of rank {@code k} is drawn with a probability
 * proportional to {@code 1 / k^s}, as reads of a real catalogue concentrate on a few popular items.
 * @param <K> the key type
 */
final class ZipfKeys<K> {

	private final List<K> keys;

	private final double[] cumulative;

	ZipfKeys(List<K> keys, double s) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("keys must not be empty");
		}
		this.keys = List.copyOf(keys);
		this.cumulative = new double[keys.size()];
		double sum = 0;
		for (int rank = 1; rank <= keys.size(); rank++) {
			sum += 1 / Math.pow(rank, s);
			this.cumulative[rank - 1] = sum;
		}
		for (int i = 0; i < this.cumulative.length; i++) {
			this.cumulative[i] /= sum;
		}
	}

	K next() {
		return at(ThreadLocalRandom.current().nextDouble());
	}

	/** The key whose share of the cumulative distribution holds {@code uniform}, in [0, 1). */
	K at(double uniform) {
		int index = Arrays.binarySearch(this.cumulative, uniform);
		return this.keys.get(Math.min((index >= 0) ? index + 1 : -index - 1, this.keys.size() - 1));
	}

}
