package io.fetchflux.jobs;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Background batch checks: how many run, how many wait, how long they are kept and where.
 */
@ConfigurationProperties("fetchflux.jobs")
@Validated
public class JobsProperties {

	/**
	 * Where job state and events live: memory (this instance only) or redis (shared by every instance, through spring.data.redis.*).
	 */
	@NotNull
	private Store store = Store.MEMORY;

	/**
	 * Most jobs this instance runs at once; further jobs wait, queued.
	 */
	@Positive
	private int maxRunning = 4;

	/**
	 * Most jobs waiting on this instance to run; beyond it a new job is answered 503 with Retry-After.
	 */
	@PositiveOrZero
	private int maxQueued = 100;

	/**
	 * How long a finished job, its results and events are kept.
	 */
	@NotNull
	@DurationMin(millis = 1)
	private Duration ttl = Duration.ofHours(1);

	/**
	 * Time between the heartbeat comments of an event stream, so that proxies keep an idle stream open.
	 */
	@NotNull
	@DurationMin(millis = 1)
	private Duration heartbeat = Duration.ofSeconds(15);

	/**
	 * The in-process store.
	 */
	@Valid
	private final Memory memory = new Memory();

	/**
	 * The Redis store.
	 */
	@Valid
	private final Redis redis = new Redis();

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public int getMaxRunning() {
		return this.maxRunning;
	}

	public void setMaxRunning(int maxRunning) {
		this.maxRunning = maxRunning;
	}

	public int getMaxQueued() {
		return this.maxQueued;
	}

	public void setMaxQueued(int maxQueued) {
		this.maxQueued = maxQueued;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Where job state lives.
	 */
	public enum Store {

		/**
		 * In this instance's memory: bounded, and lost when it stops.
		 */
		MEMORY,

		/**
		 * In Redis, where any instance can answer for any job.
		 */
		REDIS

	}

	/**
	 * The in-process store.
	 */
	public static class Memory {

		/**
		 * Most finished jobs kept for their ttl; beyond it the oldest finished job is forgotten early.
		 */
		@PositiveOrZero
		private int maxFinished = 100;

		public int getMaxFinished() {
			return this.maxFinished;
		}

		public void setMaxFinished(int maxFinished) {
			this.maxFinished = maxFinished;
		}

	}

	/**
	 * The Redis store.
	 */
	public static class Redis {

		/**
		 * How long a job's lease lasts unless its instance renews it (every third of it); a job whose lease ran out is failed by whichever instance reads it next.
		 */
		@NotNull
		@DurationMin(millis = 1)
		private Duration leaseDuration = Duration.ofSeconds(10);

		/**
		 * Time between two reads of a job's events while a stream waits for the next one.
		 */
		@NotNull
		@DurationMin(millis = 1)
		private Duration pollInterval = Duration.ofMillis(500);

		/**
		 * Longest wait for one Redis operation; past it the operation fails, and a new job is answered 503.
		 */
		@NotNull
		@DurationMin(millis = 1)
		private Duration timeout = Duration.ofSeconds(2);

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
