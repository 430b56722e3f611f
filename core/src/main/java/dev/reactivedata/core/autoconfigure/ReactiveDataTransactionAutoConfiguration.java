package dev.reactivedata.core.autoconfigure;

import dev.reactivedata.core.audit.AuditChainSealer;
import dev.reactivedata.core.audit.AuditLog;
import dev.reactivedata.core.audit.AuditingEntityCallbacks;
import dev.reactivedata.core.command.DbCommandLine;
import dev.reactivedata.core.tx.TransactionRetry;
import dev.reactivedata.core.tx.Transactions;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.mapping.event.AfterSaveCallback;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * Units of work ({@link Transactions}) on the application's reactive transaction manager, the {@link AuditLog},
 * the entity callbacks that audit {@code @Audited} entities, and the {@link AuditChainSealer} that seals their
 * committed entries into the hash chains on a schedule.
 */
@AutoConfiguration(after = R2dbcTransactionManagerAutoConfiguration.class,
		afterName = "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, DatabaseClient.class })
@EnableConfigurationProperties(ReactiveDataCoreProperties.class)
public final class ReactiveDataTransactionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReactiveTransactionManager.class)
	Transactions transactions(ReactiveTransactionManager transactionManager, ReactiveDataCoreProperties properties) {
		ReactiveDataCoreProperties.Tx tx = properties.getTx();
		return new Transactions(transactionManager, TransactionRetry.builder()
			.maxRetries(tx.getMaxRetries())
			.firstBackoff(tx.getFirstBackoff())
			.maxBackoff(tx.getMaxBackoff())
			.build());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	AuditLog auditLog(ConnectionFactory connectionFactory) {
		return AuditLog.create(DatabaseClient.create(connectionFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConnectionFactory.class)
	AuditChainSealer auditChainSealer(ConnectionFactory connectionFactory) {
		return AuditChainSealer.create(DatabaseClient.create(connectionFactory));
	}

	@Bean
	@ConditionalOnBean(AuditChainSealer.class)
	@ConditionalOnBooleanProperty(name = "reactivedata.core.audit.sealing", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = DbCommandLine.ACTIVE_PROPERTY, havingValue = false, matchIfMissing = true)
	AuditSealSchedule auditSealSchedule(AuditChainSealer sealer, ReactiveDataCoreProperties properties) {
		return new AuditSealSchedule(sealer, properties.getAudit().getSealInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AfterSaveCallback.class)
	@ConditionalOnBean({ ConnectionFactory.class, RelationalMappingContext.class })
	static class AuditingCallbacksConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditingEntityCallbacks auditingEntityCallbacks(ConnectionFactory connectionFactory,
				RelationalMappingContext mappingContext) {
			return new AuditingEntityCallbacks(DatabaseClient.create(connectionFactory), mappingContext);
		}

	}

}
