package dev.reactivedata.core.repository;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reactivedata.core.routing.ReplicaReads;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.r2dbc.repository.Modifying;

/**
 * Marks the repository's read methods ({@code find…}, {@code get…}, {@code read…}, {@code query…},
 * {@code search…}, {@code stream…}, {@code count…}, {@code exists…}, {@code scroll…}, {@code load…}, none
 * {@code @Modifying}) with {@link ReplicaReads#allow()}, so that outside a read-write transaction a replica may
 * serve them.
 */
final class ReplicaReadsInterceptor implements MethodInterceptor {

	private static final List<String> READ_PREFIXES = List.of("find", "get", "read", "query", "search", "stream",
			"count", "exists", "scroll", "load");

	private final Map<Method, Boolean> reads = new ConcurrentHashMap<>();

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		if (!this.reads.computeIfAbsent(invocation.getMethod(), ReplicaReadsInterceptor::isRead)) {
			return result;
		}
		if (result instanceof Mono<?> mono) {
			return mono.contextWrite(ReplicaReads.allow());
		}
		if (result instanceof Flux<?> flux) {
			return flux.contextWrite(ReplicaReads.allow());
		}
		return result;
	}

	static boolean isRead(Method method) {
		String name = method.getName();
		return READ_PREFIXES.stream().anyMatch(name::startsWith)
				&& !AnnotatedElementUtils.hasAnnotation(method, Modifying.class);
	}

}
