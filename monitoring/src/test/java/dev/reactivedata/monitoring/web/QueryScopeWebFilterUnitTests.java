package dev.reactivedata.monitoring.web;

import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.monitoring.query.QueryMonitor;
import dev.reactivedata.monitoring.query.QueryMonitorOptions;
import dev.reactivedata.monitoring.query.QueryScope;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class QueryScopeWebFilterUnitTests {

	private final QueryMonitor monitor = QueryMonitor.create(QueryMonitorOptions.defaults());

	private final QueryScopeWebFilter filter = new QueryScopeWebFilter(this.monitor);

	@Test
	void opensAScopeInTheContextAndClosesItAfterwards() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/articles").header(QueryScopeWebFilter.REQUEST_ID_HEADER, "abc-123"));
		AtomicReference<QueryScope> seen = new AtomicReference<>();
		this.filter.filter(exchange, ex -> QueryScope.current().doOnNext(seen::set).then())
			.as(StepVerifier::create)
			.verifyComplete();
		assertThat(seen.get()).isNotNull().isSameAs(QueryScopeWebFilter.scope(exchange));
		assertThat(seen.get().correlationId()).isEqualTo("abc-123");
		assertThat(seen.get().label()).isEqualTo("GET /api/articles");
		assertThat(this.monitor.close(seen.get())).as("already closed by the filter").isEmpty();
	}

	@Test
	void unsafeRequestIdsAreReplacedByTheExchangeId() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/").header(QueryScopeWebFilter.REQUEST_ID_HEADER, "bad id\nwith newline"));
		this.filter.filter(exchange, ex -> reactor.core.publisher.Mono.empty()).as(StepVerifier::create).verifyComplete();
		assertThat(QueryScopeWebFilter.scope(exchange).correlationId()).isEqualTo(exchange.getRequest().getId());
	}

}
