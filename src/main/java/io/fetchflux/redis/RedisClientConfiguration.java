package io.fetchflux.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How fetchflux's Redis client (Lettuce, configured by Spring Boot from
 * {@code spring.data.redis.*}) behaves while Redis is away, for every store that uses it:
 * Redis is optional, so a command must fail at once rather than wait for a connection, and the
 * client must find Redis again on its own. These adjust the options Boot builds, keeping what
 * the {@code spring.data.redis.*} properties set (SSL, timeouts).
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	/**
	 * Used when {@code spring.data.redis.connect-timeout} is not set: Lettuce's own is 10 s.
	 */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	LettuceClientOptionsBuilderCustomizer fetchfluxLettuceClientOptions(ObjectProvider<DataRedisProperties> properties) {
		return (options) -> {
			// Lettuce's default queues commands while disconnected, without bound, until Redis comes
			// back: each request would wait for its own timeout and the queue would grow with traffic.
			// Rejected at once, the caller serves uncached immediately.
			options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
			// The connection is re-established in the background after Redis restarts or a network
			// blip, so nothing has to be restarted or probed by hand (Lettuce's default, made explicit
			// because the rejection above relies on it).
			options.autoReconnect(true);
			// A Redis that does not answer a connection attempt (dropped packets, a dead host) must
			// not hold the first connection or a reconnection for Lettuce's 10 s: Redis sits next to
			// the service, where a connection takes milliseconds.
			DataRedisProperties redis = properties.getIfAvailable();
			if (redis == null || redis.getConnectTimeout() == null) {
				options.socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
			}
		};
	}

	/**
	 * Reconnection attempts every 100 ms at first, doubling up to every 5 s: Lettuce's default
	 * backs off to 30 s, which would keep a recovered Redis unused for up to that long. A
	 * connection attempt every 5 s per instance costs Redis nothing.
	 */
	@Bean
	ClientResourcesBuilderCustomizer fetchfluxLettuceReconnectDelay() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS));
	}

}
