package dev.reactivedata.core.internal;

import java.io.IOException;
import java.net.ConnectException;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class FatalConnectionErrorsUnitTests {

	@Test
	void serverShutdownAndConnectionExceptionsAreFatal() {
		assertThat(FatalConnectionErrors.isFatal(new R2dbcNonTransientResourceException("terminating connection", "57P01"))).isTrue();
		assertThat(FatalConnectionErrors.isFatal(new R2dbcNonTransientResourceException("connection failure", "08006"))).isTrue();
		assertThat(FatalConnectionErrors.isFatal(new R2dbcTransientResourceException("starting up", "57P03"))).isTrue();
	}

	@Test
	void resetAndRefusedSocketsAreFatalAnywhereInTheCauseChain() {
		assertThat(FatalConnectionErrors.isFatal(new DataAccessResourceFailureException("x",
				new IOException("Connection reset by peer")))).isTrue();
		assertThat(FatalConnectionErrors.isFatal(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
		assertThat(FatalConnectionErrors.isFatal(new R2dbcNonTransientResourceException("Connection closed"))).isTrue();
	}

	@Test
	void statementErrorsAreNotFatal() {
		assertThat(FatalConnectionErrors.isFatal(new R2dbcDataIntegrityViolationException("duplicate key", "23505"))).isFalse();
		assertThat(FatalConnectionErrors.isFatal(new R2dbcTransientResourceException("deadlock", "40P01"))).isFalse();
		assertThat(FatalConnectionErrors.isFatal(new IllegalStateException("boom"))).isFalse();
	}

}
