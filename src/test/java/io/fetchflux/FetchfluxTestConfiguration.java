package io.fetchflux;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the search providers at the {@link StubUpstream}: a fast wiki and one that answers
 * only long after the search timeout.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FetchfluxTestConfiguration {

	@Bean
	static DynamicPropertyRegistrar stubUpstreamProperties() {
		return (registry) -> {
			registry.add("fetchflux.search.wikipedia.base-url", () -> StubUpstream.get().url("/wiki"));
			registry.add("fetchflux.search.mediawiki-sites.slowwiki", () -> StubUpstream.get().url("/slowwiki"));
		};
	}

}
