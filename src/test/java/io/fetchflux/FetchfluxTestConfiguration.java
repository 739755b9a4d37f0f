package io.fetchflux;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the search providers at the {@link StubUpstream}: a fast wiki and one that answers
 * only long after the search timeout. Host names resolve through {@link TestDns}, never the
 * machine's DNS.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FetchfluxTestConfiguration {

	@Bean
	TestDns testDns() {
		return new TestDns().answer("localhost", "127.0.0.1")
			.answer("stub.test", "127.0.0.1")
			.answer("private.test", "10.0.0.1")
			.answer("mixed.test", "10.0.0.1", "127.0.0.1")
			.answer("rebind.test", "127.0.0.1")
			.answer("rebind.test", "127.0.0.2");
	}

	@Bean
	static DynamicPropertyRegistrar stubUpstreamProperties() {
		return (registry) -> {
			registry.add("fetchflux.search.wikipedia.base-url", () -> StubUpstream.get().url("/wiki"));
			registry.add("fetchflux.search.mediawiki-sites.slowwiki", () -> StubUpstream.get().url("/slowwiki"));
		};
	}

}
