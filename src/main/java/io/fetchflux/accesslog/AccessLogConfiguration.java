package io.fetchflux.accesslog;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Off by default: when it is off, not even the filter exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessLogProperties.class)
class AccessLogConfiguration {

	@Bean
	@ConditionalOnBooleanProperty("fetchflux.access-log.enabled")
	AccessLogFilter accessLogFilter() {
		return new AccessLogFilter();
	}

}
