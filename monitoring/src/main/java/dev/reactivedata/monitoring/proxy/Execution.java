package dev.reactivedata.monitoring.proxy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import io.r2dbc.proxy.core.ConnectionInfo;
import io.r2dbc.proxy.core.ExecutionType;
import io.r2dbc.proxy.core.ProxyEventType;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.core.ValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@link QueryExecutionInfo} of one fast-path statement execution, updated as the execution proceeds the
 * way r2dbc-proxy updates its own (package-private) implementation.
 */
final class Execution implements QueryExecutionInfo {

	private final Method method;

	private final ConnectionInfo connectionInfo;

	private final List<QueryInfo> queries;

	private final int bindingsSize;

	private final ValueStore valueStore = ValueStore.create();

	private @Nullable Throwable throwable;

	private boolean success;

	private Duration executeDuration = Duration.ZERO;

	private String threadName = "";

	private long threadId;

	private @Nullable ProxyEventType proxyEventType;

	private int currentResultCount;

	private @Nullable Object currentMappedResult;

	Execution(Method method, ConnectionInfo connectionInfo, List<QueryInfo> queries, int bindingsSize) {
		this.method = method;
		this.connectionInfo = connectionInfo;
		this.queries = queries;
		this.bindingsSize = bindingsSize;
	}

	void event(ProxyEventType type) {
		Thread thread = Thread.currentThread();
		this.threadName = thread.getName();
		this.threadId = thread.getId();
		this.proxyEventType = type;
	}

	void throwable(@Nullable Throwable throwable) {
		this.throwable = throwable;
	}

	void success(boolean success) {
		this.success = success;
	}

	void executeDuration(Duration duration) {
		this.executeDuration = duration;
	}

	void currentResult(int count, @Nullable Object mapped) {
		this.currentResultCount = count;
		this.currentMappedResult = mapped;
	}

	void currentMappedResult(@Nullable Object mapped) {
		this.currentMappedResult = mapped;
	}

	@Override
	public Method getMethod() {
		return this.method;
	}

	@Override
	public Object @Nullable [] getMethodArgs() {
		return null;
	}

	@Override
	public @Nullable Throwable getThrowable() {
		return this.throwable;
	}

	@Override
	public ConnectionInfo getConnectionInfo() {
		return this.connectionInfo;
	}

	@Override
	public boolean isSuccess() {
		return this.success;
	}

	@Override
	public int getBatchSize() {
		return 0;
	}

	@Override
	public List<QueryInfo> getQueries() {
		return this.queries;
	}

	@Override
	public ExecutionType getType() {
		return ExecutionType.STATEMENT;
	}

	@Override
	public int getBindingsSize() {
		return this.bindingsSize;
	}

	@Override
	public Duration getExecuteDuration() {
		return this.executeDuration;
	}

	@Override
	public String getThreadName() {
		return this.threadName;
	}

	@Override
	public long getThreadId() {
		return this.threadId;
	}

	@Override
	public @Nullable ProxyEventType getProxyEventType() {
		return this.proxyEventType;
	}

	@Override
	public int getCurrentResultCount() {
		return this.currentResultCount;
	}

	@Override
	public @Nullable Object getCurrentMappedResult() {
		return this.currentMappedResult;
	}

	@Override
	public ValueStore getValueStore() {
		return this.valueStore;
	}

}
