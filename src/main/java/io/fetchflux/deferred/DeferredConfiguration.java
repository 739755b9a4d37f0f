package io.fetchflux.deferred;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ReactiveTypeDescriptor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Teaches WebFlux that {@link Deferred} is a single-value reactive type, so that controllers
 * return it directly and WebFlux subscribes to it, and cancels it when the client goes away.
 */
@Configuration(proxyBeanMethods = false)
class DeferredConfiguration {

	@Bean
	static BeanPostProcessor deferredReactiveTypeRegistrar(ObjectProvider<DeferredObserver> observer) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ReactiveAdapterRegistry registry) {
					// Looked up when the first Deferred is served, once every bean exists.
					register(registry, SingletonSupplier.of(() -> observer.getIfAvailable(() -> NONE)));
				}
				return bean;
			}

		};
	}

	static void register(ReactiveAdapterRegistry registry) {
		register(registry, () -> NONE);
	}

	private static void register(ReactiveAdapterRegistry registry, Supplier<DeferredObserver> observer) {
		registry.registerReactiveType(ReactiveTypeDescriptor.singleOptionalValue(Deferred.class, Deferred::new),
				(value) -> {
					Deferred<?> deferred = (Deferred<?>) value;
					DeferredObserver timeouts = observer.get();
					if (timeouts != NONE) {
						deferred.onTimeout(timeouts::timedOut);
					}
					return deferred.asMono();
				}, Deferred::from);
	}

	private static final DeferredObserver NONE = () -> {
	};

}
