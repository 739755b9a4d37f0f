package io.fetchflux.fetch;

import io.fetchflux.policy.DestinationPolicy;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import io.netty.resolver.AddressResolverGroup;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one outbound HTTP client: Reactor Netty with a pool sized on purpose, redirects left to
 * the {@link Fetcher}, no transparent decompression, and the destination policy applied to
 * every address a connection is about to be made to. An {@link AddressResolverGroup} bean, if
 * there is one, replaces Reactor Netty's DNS resolver: the policy judges whatever it answers.
 */
@Configuration(proxyBeanMethods = false)
class FetchClientConfiguration {

	@Bean
	DestinationPolicy destinationPolicy(FetchProperties properties) {
		return new DestinationPolicy(properties);
	}

	/**
	 * A {@link ConnectionProvider.MeterRegistrar} bean, if there is one, is given every pool's
	 * gauges; Reactor Netty's own pool metrics are never turned on, because they are tagged with
	 * the upstream's address.
	 */
	@Bean(destroyMethod = "dispose")
	ConnectionProvider fetchConnectionProvider(FetchProperties properties,
			ObjectProvider<ConnectionProvider.MeterRegistrar> poolMeters) {
		ConnectionProvider.Builder builder = ConnectionProvider.builder("fetchflux")
			.maxConnections(properties.getMaxConnections())
			.pendingAcquireMaxCount(properties.getPendingAcquireMax())
			.pendingAcquireTimeout(properties.getDeadline());
		ConnectionProvider.MeterRegistrar registrar = poolMeters.getIfAvailable();
		if (registrar != null) {
			builder.metrics(true, () -> registrar);
		}
		return builder.build();
	}

	/**
	 * The client is observed only when a {@link ClientRequestObservationConvention} bean is
	 * given, one that keeps upstream hosts out of metric tags (tracing does); otherwise it gets
	 * no observation registry at all.
	 */
	@Bean
	WebClient fetchWebClient(WebClient.Builder builder, ConnectionProvider fetchConnectionProvider,
			DestinationPolicy policy, FetchProperties properties, ObjectProvider<AddressResolverGroup<?>> resolver,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<ClientRequestObservationConvention> convention) {
		HttpClient httpClient = HttpClient.create(fetchConnectionProvider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.getConnectTimeout().toMillis()))
			.responseTimeout(properties.getResponseTimeout())
			.followRedirect(false)
			.compress(false)
			.resolvedAddressesSelector((config, resolved) -> policy.select(resolved));
		AddressResolverGroup<?> customResolver = resolver.getIfAvailable();
		if (customResolver != null) {
			httpClient = httpClient.resolver(customResolver);
		}
		ClientRequestObservationConvention safeConvention = convention.getIfAvailable();
		if (safeConvention != null) {
			builder.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
				.observationConvention(safeConvention);
		}
		else {
			// Clients choose the upstream hosts, so per-host client metrics would grow without bound.
			builder.observationRegistry(ObservationRegistry.NOOP);
		}
		return builder.clientConnector(new ReactorClientHttpConnector(httpClient))
			.defaultHeader(HttpHeaders.USER_AGENT, properties.getUserAgent())
			.build();
	}

	@Bean
	Fetcher fetcher(WebClient fetchWebClient, DestinationPolicy policy, FetchProperties properties,
			ObjectProvider<FetchObserver> observer) {
		return new Fetcher(fetchWebClient, policy, properties, observer.getIfAvailable(() -> FetchObserver.NONE));
	}

}
