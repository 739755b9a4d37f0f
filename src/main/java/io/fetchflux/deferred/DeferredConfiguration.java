package io.fetchflux.deferred;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ReactiveTypeDescriptor;

/**
 * Teaches WebFlux that {@link Deferred} is a single-value reactive type, so that controllers
 * return it directly and WebFlux subscribes to it, and cancels it when the client goes away.
 */
@Configuration(proxyBeanMethods = false)
class DeferredConfiguration {

	@Bean
	static BeanPostProcessor deferredReactiveTypeRegistrar() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ReactiveAdapterRegistry registry) {
					register(registry);
				}
				return bean;
			}

		};
	}

	static void register(ReactiveAdapterRegistry registry) {
		registry.registerReactiveType(ReactiveTypeDescriptor.singleOptionalValue(Deferred.class, Deferred::new),
				(deferred) -> ((Deferred<?>) deferred).asMono(), Deferred::from);
	}

}
