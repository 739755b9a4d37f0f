package io.fetchflux.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * Entries in Redis, shared by every instance: one key per entry, {@code key-prefix} + kind +
 * {@code :} + URL (its SHA-256 in hex when longer than 512 characters), written with
 * {@code SET ... PX} so that Redis drops it after its retention. The value is the
 * {@link EntryCodec} form; one that cannot be read is a miss.
 * <p>
 * Every operation is bounded by {@code timeout}; a failure or a timeout is a miss, and
 * {@link RedisAvailability} keeps Redis out of the way for {@code retry-interval} afterwards.
 */
final class RedisResponseStore implements ResponseStore, InitializingBean {

	private static final Log logger = LogFactory.getLog(RedisResponseStore.class);

	private static final int MAX_KEY_URL_LENGTH = 512;

	private final ReactiveRedisTemplate<byte[], byte[]> template;

	private final String keyPrefix;

	private final Duration timeout;

	private final Duration retryInterval;

	private final Duration keepStale;

	private final long maxEntrySize;

	private final CacheStatistics statistics;

	private final Clock clock = Clock.systemUTC();

	private final RedisAvailability availability;

	/**
	 * Whether Redis ever answered. Until it has, Spring Data Redis opens its shared connection
	 * when an operation is subscribed, blocking the subscribing thread for up to the connect
	 * timeout: that first connection is made on a thread that may block, and operations miss
	 * until it is there. Once made, Lettuce keeps it and reconnects it in the background.
	 */
	private volatile boolean connected;

	private final AtomicBoolean connecting = new AtomicBoolean();

	RedisResponseStore(CacheProperties properties, ReactiveRedisConnectionFactory connectionFactory,
			CacheStatistics statistics) {
		CacheProperties.Redis redis = properties.getRedis();
		if (redis.getTimeout().isZero() || redis.getTimeout().isNegative() || redis.getRetryInterval().isNegative()) {
			throw new IllegalStateException(
					"fetchflux.cache.redis.timeout must be positive and fetchflux.cache.redis.retry-interval not negative");
		}
		this.template = new ReactiveRedisTemplate<>(connectionFactory, RedisSerializationContext.byteArray());
		this.keyPrefix = redis.getKeyPrefix();
		this.timeout = redis.getTimeout();
		this.retryInterval = redis.getRetryInterval();
		this.keepStale = MemoryResponseStore.keepStale(properties);
		this.maxEntrySize = properties.getMaxEntrySize().toBytes();
		this.statistics = statistics;
		this.availability = new RedisAvailability(redis.getRetryInterval(), redis.getTimeout(), this.clock);
	}

	/**
	 * Connect at startup, so that the health details and the log say early whether Redis is there.
	 */
	@Override
	public void afterPropertiesSet() {
		if (this.availability.allow()) {
			connect();
		}
	}

	@Override
	public Mono<CacheEntry> get(CacheKey key) {
		return guarded(() -> this.template.opsForValue().get(redisKey(key))).flatMap((value) -> {
			CacheEntry entry = EntryCodec.decode(value).orElse(null);
			if (entry == null && logger.isDebugEnabled()) {
				logger.debug("Response cache: ignoring a value under a " + key.kind().tag() + " key that is not an entry");
			}
			return Mono.justOrEmpty(entry);
		});
	}

	@Override
	public Mono<Void> put(CacheKey key, CacheEntry entry) {
		long weight = entry.weight();
		if (weight > this.maxEntrySize) {
			return Mono.empty();
		}
		return guarded(() -> {
			Duration retention = entry.remainingRetention(this.keepStale, this.clock.instant());
			return this.template.opsForValue().set(redisKey(key), EntryCodec.encode(entry), retention);
		}).doOnNext((stored) -> {
			if (stored) {
				this.statistics.stored(key.kind(), weight);
			}
		}).then();
	}

	@Override
	public Mono<Boolean> evict(CacheKey key) {
		return guarded(() -> this.template.delete(redisKey(key))).map((removed) -> removed > 0).defaultIfEmpty(false);
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("store", name());
		details.putAll(this.availability.details());
		details.put("keyPrefix", this.keyPrefix);
		details.put("timeout", this.timeout.toString());
		details.put("retryInterval", this.retryInterval.toString());
		return details;
	}

	byte[] redisKey(CacheKey key) {
		String url = key.url();
		if (url.length() > MAX_KEY_URL_LENGTH) {
			url = sha256(url);
		}
		return (this.keyPrefix + key.kind().tag() + ":" + url).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An operation bounded by the timeout, skipped while Redis is left alone or not connected
	 * yet, and turned into an empty answer when it fails: nothing Redis does can fail a request.
	 */
	private <T> Mono<T> guarded(Supplier<Mono<T>> operation) {
		return Mono.defer(() -> {
			if (!this.availability.allow()) {
				return Mono.empty();
			}
			if (!this.connected) {
				connect();
				return Mono.empty();
			}
			return operation.get().timeout(this.timeout).doOnSuccess((value) -> this.availability.succeeded())
				.onErrorResume((failure) -> {
					failed(failure);
					return Mono.empty();
				});
		});
	}

	/**
	 * Open the shared connection with a PING, on a thread that may block. It is bounded by the
	 * client's connect timeout rather than by {@code timeout}: cancelling it would interrupt
	 * the connection attempt, only for the next one to start over.
	 */
	private void connect() {
		if (!this.connecting.compareAndSet(false, true)) {
			return;
		}
		this.template.execute((connection) -> connection.ping())
			.next()
			.subscribeOn(Schedulers.boundedElastic())
			.doFinally((signal) -> this.connecting.set(false))
			.subscribe((pong) -> {
				this.connected = true;
				this.availability.succeeded();
			}, this::failed);
	}

	private void failed(Throwable failure) {
		this.statistics.failed();
		this.availability.failed(failure);
	}

	private static String sha256(String url) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
