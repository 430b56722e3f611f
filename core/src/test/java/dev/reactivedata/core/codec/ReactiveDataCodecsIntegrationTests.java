package dev.reactivedata.core.codec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.reactivedata.testing.DataLayerExtension;
import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.EncodedParameter;
import io.r2dbc.postgresql.codec.Codec;
import io.r2dbc.postgresql.codec.CodecMetadata;
import io.r2dbc.postgresql.codec.PostgresTypeIdentifier;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import io.r2dbc.postgresql.message.Format;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveDataCodecsIntegrationTests {

	@RegisterExtension
	static final DataLayerExtension dataLayer = DataLayerExtension.builder().build();

	// Every 8h48m and some microseconds from 1880 (local mean time offsets such as -07:52:58) to 2040, and the
	// values the codec leaves to the driver: BC, five-digit years, infinities.
	private static final String TIMESTAMPS = """
			SELECT t FROM (
			  SELECT timestamptz '1880-01-01 00:00:00+00' + i * interval '8 hours 48 minutes 0.493827 seconds'
			  FROM generate_series(0, 160000) i
			  UNION ALL
			  SELECT unnest(ARRAY[timestamptz '0044-03-15 12:00:00+00 BC', '10000-01-01 00:00:00+00',
			    '0001-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00', '2026-11-29 18:11:33.5+00'])
			) s(t) WHERE t >= $1 ORDER BY t""";

	@ParameterizedTest
	@ValueSource(strings = { "UTC", "Asia/Kolkata", "America/St_Johns", "America/Los_Angeles", "Africa/Monrovia",
			"Pacific/Kiritimati" })
	void decodesEveryTimestampAsTheDriverDoes(String timeZone) {
		List<String> ours = read(bareFactory(new ReactiveDataCodecs()), timeZone);
		List<String> drivers = read(bareFactory(null), timeZone);
		assertThat(ours).hasSize(160006).isEqualTo(drivers);
	}

	@Test
	void registersOnceAndLeavesAnotherExtensionsCodecInCharge() {
		CodecRegistrar epochCodec = (connection, allocator, registry) -> {
			registry.addFirst(new EpochCodec());
			return Mono.empty();
		};
		ConnectionFactory factory = new PostgresqlConnectionFactory(configuration().extendWith(epochCodec)
			.extendWith(new ReactiveDataCodecs())
			.build());
		assertThat(readOne(factory)).isEqualTo(Instant.EPOCH);
		ConnectionFactory twice = new PostgresqlConnectionFactory(configuration().extendWith(new ReactiveDataCodecs())
			.extendWith(new ReactiveDataCodecs())
			.build());
		assertThat(readOne(twice)).isEqualTo(Instant.parse("2026-11-29T18:11:33.500Z"));
	}

	private static List<String> read(ConnectionFactory factory, String timeZone) {
		return Flux.usingWhen(factory.create(), connection -> Flux
			.from(connection.createStatement("SET TIME ZONE '" + timeZone + "'").execute())
			.concatMap(result -> result.getRowsUpdated())
			.thenMany(Flux.from(connection.createStatement(TIMESTAMPS)
				.bind("$1", Instant.parse("-1000-01-01T00:00:00Z"))
				.execute()))
			.concatMap(result -> result.map(row -> decoded(row))), Connection::close)
			.collectList()
			.block(Duration.ofMinutes(2));
	}

	/** The instant, or the kind of error, the driver's or our codec gives for a row. */
	private static String decoded(io.r2dbc.spi.Readable row) {
		try {
			return String.valueOf(row.get(0, Instant.class));
		}
		catch (RuntimeException ex) {
			return ex.getClass().getName();
		}
	}

	private static @Nullable Instant readOne(ConnectionFactory factory) {
		return Mono.usingWhen(factory.create(),
				connection -> Mono.from(connection
					.createStatement("SELECT timestamptz '2026-11-29 18:11:33.5+00' WHERE $1 = 1")
					.bind("$1", 1)
					.execute()).flatMap(result -> Mono.from(result.map(row -> row.get(0, Instant.class)))),
				Connection::close)
			.block(Duration.ofSeconds(30));
	}

	private static ConnectionFactory bareFactory(@Nullable CodecRegistrar registrar) {
		PostgresqlConnectionConfiguration.Builder builder = configuration();
		return new PostgresqlConnectionFactory((registrar != null) ? builder.extendWith(registrar).build()
				: builder.build());
	}

	private static PostgresqlConnectionConfiguration.Builder configuration() {
		ConnectionFactoryOptions url = ConnectionFactoryOptions.parse(dataLayer.database().r2dbcUrl());
		return PostgresqlConnectionConfiguration.builder()
			.host((String) url.getRequiredValue(ConnectionFactoryOptions.HOST))
			.port((Integer) url.getRequiredValue(ConnectionFactoryOptions.PORT))
			.database((String) url.getRequiredValue(ConnectionFactoryOptions.DATABASE))
			.username(dataLayer.database().ownerUser())
			.password(dataLayer.database().ownerPassword().isEmpty() ? null : dataLayer.database().ownerPassword());
	}

	/** Another extension's decoder of {@code timestamptz} text, which answers the epoch for everything. */
	private static final class EpochCodec implements Codec<Instant>, CodecMetadata {

		@Override
		public Class<?> type() {
			return Instant.class;
		}

		@Override
		public Iterable<? extends PostgresTypeIdentifier> getDataTypes() {
			return List.of(PostgresqlObjectId.TIMESTAMPTZ);
		}

		@Override
		public boolean canDecode(int dataType, Format format, Class<?> type) {
			return dataType == TimestamptzInstantCodec.TIMESTAMPTZ && type == Instant.class;
		}

		@Override
		public boolean canEncode(Object value) {
			return false;
		}

		@Override
		public boolean canEncodeNull(Class<?> type) {
			return false;
		}

		@Override
		public Instant decode(@Nullable ByteBuf buffer, int dataType, Format format, Class<? extends Instant> type) {
			return Instant.EPOCH;
		}

		@Override
		public EncodedParameter encode(Object value) {
			throw new UnsupportedOperationException();
		}

		@Override
		public EncodedParameter encode(Object value, int dataType) {
			throw new UnsupportedOperationException();
		}

		@Override
		public EncodedParameter encodeNull() {
			throw new UnsupportedOperationException();
		}

	}

}
