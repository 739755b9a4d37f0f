package io.fetchflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A whole fetchflux instance on a random port, started and stopped by a test, for tests that
 * need more than one instance, such as two sharing one Redis.
 */
public final class FetchfluxInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private FetchfluxInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start an instance with the test defaults of the {@code stub} profile.
	 * @param properties further properties, {@code name=value}
	 * @return the running instance
	 */
	public static FetchfluxInstance start(String... properties) {
		// As command-line arguments, so that they win over application.yml like a deployment's would.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		return new FetchfluxInstance(new SpringApplicationBuilder(FetchfluxApplication.class, FetchfluxTestConfiguration.class)
			.profiles("stub")
			.initializers(FetchfluxInstance::ownNettyResources)
			.run(arguments.toArray(new String[0])));
	}

	/**
	 * By default every context in the JVM shares Reactor Netty's global event loops, and the
	 * first to close shuts them down under the others, test contexts included: an instance
	 * that a test stops must own its loops, as Spring's test contexts do.
	 */
	private static void ownNettyResources(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ReactorResourceFactory factory) {
					factory.setUseGlobalResources(false);
				}
				return bean;
			}
		});
	}

	/**
	 * The port the instance listens on.
	 * @return the port
	 */
	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * A client of this instance, as patient as the test contexts' own.
	 * @return a client bound to the instance's port
	 */
	public WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port())
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	/**
	 * The instance's application context, to reach its beans.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
