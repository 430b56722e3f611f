package dev.reactivedata.testing;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.r2dbc.postgresql.message.backend.DataRow;

/**
 * Netty's leak detector at {@code paranoid} for one test, with the leaks it reports collected instead of only
 * logged: the detectors of Netty's buffers and of the driver's {@link DataRow}s are static, created by whichever
 * test loaded them first, so a listener is attached to them rather than a detector factory installed.
 */
public final class NettyLeaks implements AutoCloseable {

	private final List<String> leaks = new CopyOnWriteArrayList<>();

	private final ResourceLeakDetector.Level previous;

	private final List<ResourceLeakDetector<?>> detectors;

	private NettyLeaks() {
		this.previous = ResourceLeakDetector.getLevel();
		this.detectors = List.of(detector(AbstractByteBuf.class, "leakDetector"), detector(DataRow.class, "DETECTOR"));
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		this.detectors.forEach(detector -> detector.setLeakListener(
				(type, records) -> this.leaks.add("LEAK: " + type + ".release() was not called\n" + records)));
	}

	/**
	 * Sets the level to {@code paranoid} and starts collecting leaks; close to restore the level.
	 * @return the collector
	 */
	public static NettyLeaks paranoid() {
		return new NettyLeaks();
	}

	/**
	 * Collects garbage and tracks fresh objects, which makes the detectors report what was collected unreleased.
	 * @return the leaks reported so far
	 */
	public List<String> collect() {
		for (int round = 0; round < 5; round++) {
			System.gc();
			ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
			probe.release();
			DataRow row = new DataRow(new ByteBuf[0]);
			row.release();
		}
		return List.copyOf(this.leaks);
	}

	@Override
	public void close() {
		this.detectors.forEach(detector -> detector.setLeakListener(null));
		ResourceLeakDetector.setLevel(this.previous);
	}

	private static ResourceLeakDetector<?> detector(Class<?> owner, String field) {
		try {
			Field declared = owner.getDeclaredField(field);
			declared.setAccessible(true);
			return (ResourceLeakDetector<?>) declared.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("No leak detector " + owner.getName() + "." + field, ex);
		}
	}

}
