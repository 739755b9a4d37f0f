package io.fetchflux.cache;

import java.time.Duration;
import java.time.Instant;

import org.springframework.util.Assert;

/**
 * RFC 9111 freshness of one stored answer, computed once when it is received (sections
 * 4.2.1-4.2.3): its age then, how long it stays fresh, and how long past that it may still be
 * served while it is revalidated or when the upstream fails.
 *
 * @param responseTime when the answer was received
 * @param initialAge its corrected initial age (section 4.2.3): the age it already had when received
 * @param lifetime its freshness lifetime (section 4.2.1), explicit or heuristic
 * @param staleWhileRevalidate how long past its lifetime it may be served while it is revalidated (RFC 5861)
 * @param staleIfError how long past its lifetime it may be served when revalidation fails (RFC 5861)
 * @param mustRevalidate whether it must never be served stale ({@code must-revalidate},
 * {@code proxy-revalidate} or {@code no-cache})
 */
public record Freshness(Instant responseTime, Duration initialAge, Duration lifetime, Duration staleWhileRevalidate,
		Duration staleIfError, boolean mustRevalidate) {

	public Freshness {
		Assert.notNull(responseTime, "responseTime must not be null");
		Assert.isTrue(!initialAge.isNegative() && !lifetime.isNegative() && !staleWhileRevalidate.isNegative()
				&& !staleIfError.isNegative(), "durations must not be negative");
	}

	/**
	 * The current age (RFC 9111 section 4.2.3): the initial age plus the time resident here.
	 * @param now the current time
	 * @return the age, never negative
	 */
	public Duration age(Instant now) {
		Duration resident = Duration.between(this.responseTime, now);
		return resident.isNegative() ? this.initialAge : this.initialAge.plus(resident);
	}

	/**
	 * Whether the answer may be served without asking the upstream.
	 * @param now the current time
	 * @return whether its age is below its lifetime
	 */
	public boolean isFresh(Instant now) {
		return age(now).compareTo(this.lifetime) < 0;
	}

	/**
	 * Whether the stale answer may be served while it is revalidated in the background.
	 * @param now the current time
	 * @return whether it is stale, within {@code stale-while-revalidate}, and not {@link #mustRevalidate()}
	 */
	public boolean mayServeWhileRevalidating(Instant now) {
		return mayServeStale(now, this.staleWhileRevalidate);
	}

	/**
	 * Whether the stale answer may be served because the upstream failed to revalidate it.
	 * @param now the current time
	 * @return whether it is stale, within {@code stale-if-error}, and not {@link #mustRevalidate()}
	 */
	public boolean mayServeOnError(Instant now) {
		return mayServeStale(now, this.staleIfError);
	}

	private boolean mayServeStale(Instant now, Duration window) {
		if (this.mustRevalidate) {
			return false;
		}
		Duration age = age(now);
		return age.compareTo(this.lifetime) >= 0 && age.compareTo(this.lifetime.plus(window)) < 0;
	}

}
