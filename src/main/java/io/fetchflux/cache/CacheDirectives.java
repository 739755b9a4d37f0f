package io.fetchflux.cache;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The directives of a response's {@code Cache-Control} field lines (RFC 9111 section 5.2), read
 * leniently: names are case-insensitive, arguments may be tokens or quoted strings, and the
 * first occurrence of a directive wins (section 4.2.1).
 */
final class CacheDirectives {

	/**
	 * The largest delta-seconds a cache must handle; larger values mean this (RFC 9111 section 1.2.2).
	 */
	private static final BigInteger MAX_DELTA_SECONDS = BigInteger.valueOf(2147483648L);

	private final Map<String, String> directives;

	private CacheDirectives(Map<String, String> directives) {
		this.directives = directives;
	}

	static CacheDirectives parse(List<String> fieldLines) {
		Map<String, String> directives = new HashMap<>();
		for (String line : fieldLines) {
			parseLine(line, directives);
		}
		return new CacheDirectives(directives);
	}

	boolean has(String name) {
		return this.directives.containsKey(name);
	}

	/**
	 * A directive's delta-seconds argument.
	 * @return empty when the directive is absent, zero when its argument is missing or invalid,
	 * because an invalid lifetime must not make an answer fresh
	 */
	Optional<Duration> seconds(String name) {
		if (!this.directives.containsKey(name)) {
			return Optional.empty();
		}
		return Optional.of(deltaSeconds(this.directives.get(name)).orElse(Duration.ZERO));
	}

	static Optional<Duration> deltaSeconds(String text) {
		if (text == null || text.isEmpty() || !text.chars().allMatch(CacheDirectives::isDigit)) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofSeconds(new BigInteger(text).min(MAX_DELTA_SECONDS).longValueExact()));
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private static void parseLine(String line, Map<String, String> directives) {
		int i = 0;
		int length = line.length();
		while (i < length) {
			int nameStart = skipSpace(line, i);
			int nameEnd = nameStart;
			while (nameEnd < length && line.charAt(nameEnd) != '=' && line.charAt(nameEnd) != ',') {
				nameEnd++;
			}
			String name = line.substring(nameStart, nameEnd).trim().toLowerCase(Locale.ROOT);
			String argument = null;
			i = nameEnd;
			if (i < length && line.charAt(i) == '=') {
				i = skipSpace(line, i + 1);
				StringBuilder value = new StringBuilder();
				if (i < length && line.charAt(i) == '"') {
					i++;
					while (i < length && line.charAt(i) != '"') {
						if (line.charAt(i) == '\\' && i + 1 < length) {
							i++;
						}
						value.append(line.charAt(i++));
					}
					i++;
				}
				while (i < length && line.charAt(i) != ',') {
					value.append(line.charAt(i++));
				}
				argument = value.toString().trim();
			}
			if (!name.isEmpty()) {
				directives.putIfAbsent(name, argument);
			}
			i++;
		}
	}

	private static int skipSpace(String line, int i) {
		while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

}
