package io.fetchflux.metrics;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * The outbound connection pools, one per upstream host, summed into a few gauges that are read
 * only when scraped. Pools are tracked by Reactor Netty's id, never by their remote address.
 */
final class PoolMeters implements ConnectionProvider.MeterRegistrar {

	private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

	PoolMeters(MeterRegistry registry) {
		gauge(registry, "fetchflux.fetch.pool.active", "Pooled connections in use by a fetch",
				ConnectionPoolMetrics::acquiredSize);
		gauge(registry, "fetchflux.fetch.pool.idle", "Pooled connections open and idle", ConnectionPoolMetrics::idleSize);
		gauge(registry, "fetchflux.fetch.pool.pending", "Fetches waiting for a pooled connection",
				ConnectionPoolMetrics::pendingAcquireSize);
		Gauge.builder("fetchflux.fetch.pool.pools", this.pools, Map::size)
			.description("Connection pools, one per upstream host and port")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToIntFunction<ConnectionPoolMetrics> size) {
		Gauge.builder(name, this, (meters) -> meters.sum(size)).description(description).register(registry);
	}

	private double sum(ToIntFunction<ConnectionPoolMetrics> size) {
		long total = 0;
		for (ConnectionPoolMetrics pool : this.pools.values()) {
			total += size.applyAsInt(pool);
		}
		return total;
	}

	@Override
	public void registerMetrics(String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
		this.pools.put(id, metrics);
	}

	@Override
	public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
		this.pools.remove(id);
	}

}
