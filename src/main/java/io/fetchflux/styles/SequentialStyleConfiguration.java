package io.fetchflux.styles;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Runs controller methods that return plain values, the sequential style, on the application
 * task executor: virtual threads when {@code spring.threads.virtual.enabled} is on a JDK 21+,
 * otherwise the bounded pool sized by {@code spring.task.execution.pool}. Boot does the former
 * by itself but leaves blocking methods on the event loop otherwise.
 */
@Configuration(proxyBeanMethods = false)
class SequentialStyleConfiguration implements WebFluxConfigurer {

	private final AsyncTaskExecutor applicationTaskExecutor;

	SequentialStyleConfiguration(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor applicationTaskExecutor) {
		this.applicationTaskExecutor = applicationTaskExecutor;
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		configurer.setExecutor(this.applicationTaskExecutor);
	}

}
