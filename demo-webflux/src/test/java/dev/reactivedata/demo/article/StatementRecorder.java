package dev.reactivedata.demo.article;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records every SQL statement the application runs, by wrapping its connection factory in an r2dbc-proxy.
 */
@TestConfiguration(proxyBeanMethods = false)
class StatementRecorder {

	static final List<String> statements = new CopyOnWriteArrayList<>();

	@Bean
	static BeanPostProcessor statementRecordingPostProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ConnectionFactory factory && beanName.equals("connectionFactory")) {
					return ProxyConnectionFactory.builder(factory).listener(new ProxyExecutionListener() {
						@Override
						public void beforeQuery(QueryExecutionInfo execInfo) {
							execInfo.getQueries().forEach(query -> statements.add(query.getQuery()));
						}
					}).build();
				}
				return bean;
			}

		};
	}

	/** @return the statements recorded so far that touch the given table */
	static List<String> touching(String table) {
		return statements.stream().filter(sql -> sql.contains(table)).toList();
	}

}
