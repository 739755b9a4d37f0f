package io.fetchflux.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options fetchflux gives Spring Boot's Lettuce client, for every store that uses Redis.
 * Whether they work is shown against a real Redis by the cache's Redis store tests.
 */
class RedisClientConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withUserConfiguration(RedisClientConfiguration.class);

	@Test
	void commandsAreRejectedWhileDisconnectedTheClientReconnectsAndConnectingIsShort() {
		this.runner.run((context) -> {
			ClientOptions options = clientOptions(context.getBean(LettuceConnectionFactory.class));
			assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
			assertThat(options.isAutoReconnect()).isTrue();
			assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void aConnectTimeoutSetInSpringDataRedisPropertiesIsKept() {
		this.runner.withPropertyValues("spring.data.redis.connect-timeout=3s").run((context) -> {
			ClientOptions options = clientOptions(context.getBean(LettuceConnectionFactory.class));
			assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
		});
	}

	@Test
	void reconnectionAttemptsBackOffToFiveSecondsAtMost() {
		this.runner.run((context) -> {
			ClientResources resources = context.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration()
				.getClientResources()
				.orElseThrow();
			assertThat(resources.reconnectDelay().createDelay(1)).isEqualTo(Duration.ofMillis(100));
			assertThat(resources.reconnectDelay().createDelay(100)).isEqualTo(Duration.ofSeconds(5));
		});
	}

	private static ClientOptions clientOptions(LettuceConnectionFactory factory) {
		return factory.getClientConfiguration().getClientOptions().orElseThrow();
	}

}
