package io.fetchflux.cache;

import java.util.Locale;

/**
 * Which kind of endpoint an entry belongs to: an image entry never answers {@code /api/fetch},
 * nor the reverse, because the image endpoints relay fewer headers and a sniffed type.
 */
public enum CacheKind {

	/**
	 * An answer of the image endpoints ({@code /api/images}, the styles, the camo routes).
	 */
	IMAGE,

	/**
	 * An answer of {@code /api/fetch}.
	 */
	FETCH;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The lowercase name used in meter tags, store keys and the actuator endpoint.
	 * @return {@code image} or {@code fetch}
	 */
	public String tag() {
		return this.tag;
	}

}
