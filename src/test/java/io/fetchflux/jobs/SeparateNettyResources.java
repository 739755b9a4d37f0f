package io.fetchflux.jobs;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Event loops of its own for an extra instance of the service started inside a test: by default
 * every instance in the JVM shares Reactor Netty's global ones, and closing any instance would
 * dispose of them under the others.
 */
@TestConfiguration(proxyBeanMethods = false)
class SeparateNettyResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

}
