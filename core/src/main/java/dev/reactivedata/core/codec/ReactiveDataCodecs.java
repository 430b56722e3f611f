package dev.reactivedata.core.codec;

import java.time.Instant;

import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Registers this library's codecs with each r2dbc-postgresql connection, ahead of the driver's own. Today that is a
 * decoder of {@code timestamptz} text into {@link Instant} that reads the digits straight from the
 * column's bytes: the driver parses them with a {@code DateTimeFormatter}, which took about an eighth of the driver's
 * CPU in a point read of an entity with two timestamps. Values it does not recognise (BC dates, years after 9999,
 * {@code infinity}) go to the driver's codec, so results are the same as without it.
 * <p>
 * The starter adds it to the connection factories it configures (the {@code extensions} option); without the
 * starter, pass it to {@code PostgresqlConnectionConfiguration.Builder#extendWith}.
 */
public final class ReactiveDataCodecs implements CodecRegistrar {

	private static final String DRIVER_CODECS = "io.r2dbc.postgresql.codec";

	@Override
	public Publisher<Void> register(PostgresqlConnection connection, ByteBufAllocator allocator, CodecRegistry registry) {
		Codec<Instant> driverCodec = null;
		for (Codec<?> codec : registry) {
			if (codec instanceof TimestamptzInstantCodec) {
				// Registered already, by another extension entry or a second instance of this registrar.
				return Mono.empty();
			}
			if (driverCodec == null
					&& codec.canDecode(TimestamptzInstantCodec.TIMESTAMPTZ, Format.FORMAT_TEXT, Instant.class)) {
				driverCodec = asInstantCodec(codec);
			}
		}
		// Another extension's codec decodes these values: leave it in charge.
		if (driverCodec != null && driverCodec.getClass().getPackageName().equals(DRIVER_CODECS)) {
			registry.addFirst(new TimestamptzInstantCodec(driverCodec));
		}
		return Mono.empty();
	}

	@SuppressWarnings("unchecked")
	private static Codec<Instant> asInstantCodec(Codec<?> codec) {
		// It said it decodes timestamptz text into an Instant.
		return (Codec<Instant>) codec;
	}

	@Override
	public String toString() {
		return "ReactiveDataCodecs";
	}

}
